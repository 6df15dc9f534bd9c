#!/usr/bin/env bash
# A model's verdicts on the mails of the training parts, read as a delivery reads them: the
# harness a rule for reading mail is chosen on (never the held-out parts, which
# scripts/mail-accuracy.sh scores). The training part of corpus/modern-mail trained only the
# mail reading, so it measures the networks' and the SMS n-gram model's part of a rule fairly.
#
#   scripts/mail-training-verdicts.sh [MODEL]   (default: models/default.smsmodel; SMSFILTER=binary)
#
# Prints how many mails of each folder were called Spam.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
model=${1:-models/default.smsmodel}
bin=${SMSFILTER:-.build/release/smsfilter}
# The model alone decides: no user's store (their marks and sender list) may.
SMSFILTER_DB=$(mktemp -d /tmp/smsfilter-measure.XXXXXX)/none.sqlite
export SMSFILTER_DB
[ -x "$bin" ] || swift build -c release --product smsfilter >/dev/null
[ -d corpus/spamassassin/work/train ] || corpus/spamassassin/build.sh >/dev/null
[ -d corpus/modern-mail/work/train ] || corpus/modern-mail/build.sh >/dev/null
echo "| training folder | mails | Spam |"
echo "|---|---|---|"
for folder in spamassassin/work/train/{easy_ham,easy_ham_2,hard_ham,spam,spam_2} modern-mail/work/train/{ham,spam}; do
  "$bin" classify --model "$model" --input maildir --no-log "corpus/$folder" | awk -v f="$folder" '
    { n++; c[$2]++ } END { printf "| %s | %d | %d |\n", f, n, c["spam"] }'
done
