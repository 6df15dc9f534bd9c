#!/usr/bin/env bash
# Bulk scoring throughput: `smsfilter classify --input tsv --no-log` over the whole test split in
# one process (start-up included), interleaved with `bogofilter -b -T` over the same messages
# wrapped as mails (trained on the same train split). Runs several series and prints each
# series' medians as messages per second, then the median over the series.
#
#   scripts/bulk-throughput.sh [--smsfilter PATH] [--train FILE] [--test FILE] [--series N] [--rounds N] [--work DIR]
#
# PATH defaults to the binary `make` builds (.build-release-static/release/smsfilter). Needs
# bogofilter (apt-get install bogofilter) and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
smsfilter=$root/.build-release-static/release/smsfilter
train=$root/../shared/corpus/train.tsv
test=$root/../shared/corpus/test.tsv
series=5
rounds=21
work=""
while [ $# -gt 0 ]; do
  case $1 in
    --smsfilter) smsfilter=$2; shift ;;
    --train) train=$2; shift ;;
    --test) test=$2; shift ;;
    --series) series=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --work) work=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bulk-throughput: unknown option $1" >&2; exit 64 ;;
  esac
  shift
done
command -v bogofilter >/dev/null || { echo "bulk-throughput: needs bogofilter (apt-get install bogofilter)" >&2; exit 1; }
[ -x "$smsfilter" ] || { echo "bulk-throughput: no binary at $smsfilter (run make)" >&2; exit 1; }
[ -r "$train" ] && [ -r "$test" ] || { echo "bulk-throughput: no corpus at $train / $test (--train, --test)" >&2; exit 1; }
[ -n "$work" ] || work=$(mktemp -d /tmp/bulk-throughput.XXXXXX)

# The split laid out for bogofilter (one mail per test message, training mboxes), then trained.
python3 "$here/peers/prepare.py" "$train" "$test" "$work" 1 >/dev/null
rm -rf "$work/bogofilter"
mkdir -p "$work/bogofilter"
bogofilter -d "$work/bogofilter" -s -M -I "$work/mail/train-spam.mbox"
bogofilter -d "$work/bogofilter" -n -M -I "$work/mail/train-ham.mbox"
echo "$work/corpus/test.tsv" > "$work/bulk.inputs"
count=$(grep -c . "$work/corpus/test.tsv")

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "smsfilter: $smsfilter ($(ldd "$smsfilter" >/dev/null 2>&1 && echo dynamic || echo static)); $count messages"
for s in $(seq "$series"); do
  python3 "$here/peers/interleave.py" --inputs "$work/bulk.inputs" --rounds "$rounds" --warmup 2 \
    --name bogofilter --cmd "bogofilter -d $work/bogofilter -b -T" --stdin "$work/mail/test.list" \
    --name smsfilter --cmd "$smsfilter classify --no-log --input tsv {}" --stdin - \
    --out "$work/series-$s.json" >/dev/null 2>&1
done
python3 - "$work" "$series" "$count" <<'PY'
import json, statistics, sys
work, series, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rates = {"smsfilter": [], "bogofilter": []}
for s in range(1, series + 1):
    runs = json.load(open(f"{work}/series-{s}.json"))
    line = []
    for name in ("smsfilter", "bogofilter"):
        ms = runs[name]["median_ms"]
        rates[name].append(count / ms * 1000)
        line.append(f"{name} {ms:.1f} ms = {count / ms * 1000:,.0f} msg/s (CPU {runs[name]['cpu_median_ms']:.1f} ms)")
    print(f"series {s}: " + "; ".join(line))
for name, r in rates.items():
    print(f"{name}: median over series {statistics.median(r):,.0f} msg/s (range {min(r):,.0f}-{max(r):,.0f})")
PY
