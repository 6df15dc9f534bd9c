#!/usr/bin/env bash
# A model's verdicts on the held-out third of the SpamAssassin public corpus (real mail,
# 2002–2005) and on the held-out third of the project's own mail of today (corpus/modern-mail),
# read as a delivery reads them: raw mail, `classify --input maildir` (headers parsed, MIME
# decoded, the model's threshold and the Unsure band of the defaults).
#
#   corpus/spamassassin/fetch.sh                   once: downloads the corpus
#   scripts/mail-accuracy.sh [--training] [MODEL]  (default: models/default.smsmodel)
#
# With --training, the training parts instead: the harness a rule for reading mail is chosen on
# (the training part of corpus/modern-mail trained only the mail reading, so it measures the
# networks' and the SMS n-gram model's part of a rule fairly).
#
# Prints one row per folder: how many mails were called Spam, Unsure and Ham.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
part=holdout
if [ "${1:-}" = --training ]; then part=train; shift; fi
model=${1:-models/default.smsmodel}
bin=${SMSFILTER:-.build/release/smsfilter}
# The model alone decides: no user's store (their marks and sender list) may.
SMSFILTER_DB=$(mktemp -d /tmp/smsfilter-measure.XXXXXX)/none.sqlite
export SMSFILTER_DB
[ -x "$bin" ] || swift build -c release --product smsfilter >/dev/null
work=corpus/spamassassin/work
[ -d "$work/holdout" ] || corpus/spamassassin/build.sh >/dev/null
written=corpus/modern-mail/work
[ -d "$written/holdout" ] || corpus/modern-mail/build.sh >/dev/null
echo "model $("$bin" models show --model "$model" | head -1 | cut -d' ' -f2)"
echo
echo "| $part folder | mails | Spam | Unsure | Ham |"
echo "|---|---|---|---|---|"
for folder in easy_ham easy_ham_2 hard_ham spam spam_2; do
  "$bin" classify --model "$model" --input maildir --no-log "$work/$part/$folder" | awk -v f="$folder" '
    { n++; c[$2]++ }
    END { printf "| %s | %d | %d (%.1f %%) | %d | %d |\n", f, n, c["spam"], 100 * c["spam"] / n, c["unsure"], c["ham"] }'
done
for label in ham spam; do
  "$bin" classify --model "$model" --input maildir --no-log "$written/$part/$label" | awk -v f="modern-mail $label" '
    { n++; c[$2]++ }
    END { printf "| %s | %d | %d (%.1f %%) | %d | %d |\n", f, n, c["spam"], 100 * c["spam"] / n, c["unsure"], c["ham"] }'
done
