#!/usr/bin/env bash
# Per-message time as procmail sees it: one process per message, 4 KB mails, pass-through with
# the verdict header (`-p -e`), smsfilter (verdict logged to a scratch store, and with --no-log)
# interleaved with bogofilter trained on the same corpus. Prints medians and the ratios.
#
#   scripts/hook-latency.sh [--smsfilter PATH] [--train FILE] [--rounds N] [--work DIR]
#
# PATH defaults to the binary `make` builds (.build-release-static/release/smsfilter). Needs
# bogofilter (apt-get install bogofilter) and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
smsfilter=$root/.build-release-static/release/smsfilter
train=$root/../shared/corpus/train.tsv
rounds=3
work=""
while [ $# -gt 0 ]; do
  case $1 in
    --smsfilter) smsfilter=$2; shift ;;
    --train) train=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --work) work=$2; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "hook-latency: unknown option $1" >&2; exit 64 ;;
  esac
  shift
done
command -v bogofilter >/dev/null || { echo "hook-latency: needs bogofilter (apt-get install bogofilter)" >&2; exit 1; }
[ -x "$smsfilter" ] || { echo "hook-latency: no binary at $smsfilter (run make)" >&2; exit 1; }
[ -r "$train" ] || { echo "hook-latency: no corpus at $train (--train FILE)" >&2; exit 1; }
[ -n "$work" ] || work=$(mktemp -d /tmp/hook-latency.XXXXXX)
mkdir -p "$work/bogofilter"

# bogofilter trained on the same corpus, each SMS wrapped in a minimal mail.
python3 - "$train" "$work" <<'PY'
import sys
train, work = sys.argv[1], sys.argv[2]
boxes = {"spam": open(f"{work}/spam.mbox", "w"), "ham": open(f"{work}/ham.mbox", "w")}
for line in open(train, encoding="utf-8", errors="replace"):
    label, _, text = line.rstrip("\n").partition("\t")
    if label in boxes:
        boxes[label].write(f"From sms@localhost Thu Jan  1 00:00:00 1970\nFrom: sms@localhost\nSubject: sms\n\n{text}\n\n")
PY
bogofilter -d "$work/bogofilter" -s -M -I "$work/spam.mbox"
bogofilter -d "$work/bogofilter" -n -M -I "$work/ham.mbox"
python3 "$here/peers/make-mails.py" "$train" "$work/mail"

# Run a fresh copy, as `make install` would place it: the same binary started from the build
# folder measured about 7 % slower per message here (2026-11-27) than a copy of it (the linker's
# output file pages in more slowly), which is not what a delivery pays.
built=$smsfilter
smsfilter="$work/smsfilter"
cp "$built" "$smsfilter"

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "smsfilter: $built, run as a copy ($(ldd "$smsfilter" >/dev/null 2>&1 && echo dynamic || echo static))"
python3 "$here/peers/interleave.py" --inputs "$work/mail/list" --rounds "$rounds" --warmup 3 \
  --name bogofilter --cmd "bogofilter -d $work/bogofilter -p -e" \
  --name smsfilter --cmd "$smsfilter -p -e --db $work/store.sqlite" \
  --name smsfilter-no-log --cmd "$smsfilter -p -e --no-log" \
  --out "$work/latency.json" 2>&1 | tail -3
python3 - "$work/latency.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
b = runs["bogofilter"]["median_ms"]
for name in ("smsfilter", "smsfilter-no-log"):
    m = runs[name]["median_ms"]
    print(f"{name}: {m:.2f} ms vs bogofilter {b:.2f} ms: ratio {m / b:.2f}")
PY
