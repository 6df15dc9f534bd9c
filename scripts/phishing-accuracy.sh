#!/usr/bin/env bash
# A model's verdicts on phishing_pot (real phishing mail caught by honeypots, 2022–2026; never
# trained on: corpus/phishing-pot/README.md), read as a delivery reads them: raw mail,
# `classify --input maildir` (headers parsed, MIME decoded, the model's threshold and Unsure
# band). Every file is phishing or unsolicited mail, so this measures recall on today's mail,
# not false positives.
#
#   corpus/phishing-pot/fetch.sh             once: clones the collection
#   scripts/phishing-accuracy.sh [MODEL]     (default: models/default.smsmodel)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
model=${1:-models/default.smsmodel}
bin=${SMSFILTER:-.build/release/smsfilter}
mail=${PHISHING_POT:-corpus/phishing-pot/mail}/email
[ -d "$mail" ] || { echo "phishing-accuracy: $mail not found (run corpus/phishing-pot/fetch.sh)" >&2; exit 1; }
[ -x "$bin" ] || swift build -c release --product smsfilter >/dev/null
work=$(mktemp -d /tmp/smsfilter-measure.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The model alone decides: no user's store (their marks and sender list) may.
export SMSFILTER_DB=$work/none.sqlite
mkdir -p "$work/maildir/cur" "$work/maildir/new" "$work/maildir/tmp"
for f in "$mail"/*; do ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$work/maildir/cur/"; done
echo "model $("$bin" models show --model "$model" | head -1 | cut -d' ' -f2)"
"$bin" classify --model "$model" --input maildir --no-log "$work/maildir" | awk '
  { n++; c[$2]++ }
  END { printf "%d mails: spam %d (%.1f %%), unsure %d (%.1f %%), ham %d (%.1f %%), unfiltered %d\n",
        n, c["spam"], 100 * c["spam"] / n, c["unsure"], 100 * c["unsure"] / n, c["ham"], 100 * c["ham"] / n, c["unfiltered"] }'
