#!/usr/bin/env bash
# The bundled model's figures on every held-out collection, one table (README "Accuracy").
#
#   test.tsv            UCI test split (../shared/corpus/test.tsv)
#   modern holdout      corpus/modern/holdout.tsv (the project's own, never trained on)
#   modern-check        corpus/modern-check/*.tsv (the project's own, by a second writer who never
#                       saw the other corpora; evaluation only, never trained on)
#   NAME holdout        the held-out ~20 % of each ../shared/corpus/extra collection
#                       (corpus/split-extra.sh)
#   modern-check-ml     corpus/modern-check-ml/*.tsv (the project's own, evaluation only: the ten
#                       languages of corpus/modern-train6, then five languages nothing trains on)
#   era-check           corpus/era-check/*.tsv (the project's own, evaluation only: SMS of 2003–2015
#                       from the UK, Ireland, Australasia and North America)
#
# Usage: scripts/evaluate-bundled.sh [MODEL]   (default: models/default.smsmodel)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
model=${1:-models/default.smsmodel}
shared=${SHARED:-$root/../shared}
bin=${SMSFILTER:-.build/release/smsfilter}
[ -x "$bin" ] || swift build -c release --product smsfilter >/dev/null
corpus/split-extra.sh "$shared/corpus/extra" corpus/extra-split 2>/dev/null
row() {
    local name=$1 file=$2
    [ -f "$file" ] || { echo "| $name | (missing: $file) |"; return; }
    "$bin" evaluate --corpus "$file" --model "$model" --json | python3 -c '
import json, sys
m = json.load(sys.stdin); name = sys.argv[1]
ham = m["fp"] + m["tn"]; spam = m["tp"] + m["fn"]
mcc = "%.3f" % m["mcc"] if ham and spam else "—"
rec = "%.1f %% (%d/%d)" % (100 * m["tp"] / spam, m["tp"], spam) if spam else "—"
print("| %s | %d | %.2f %% (%d/%d) | %s | %s | %s |" % (name, ham + spam, 100 * m["fp"] / ham if ham else 0,
      m["fp"], ham, rec, mcc, "%.3f" % m["auc"] if ham and spam else "—"))' "$name"
}
echo "model $("$bin" models show --model "$model" | head -1 | cut -d' ' -f2), threshold from the file"
echo
echo "| held-out collection | messages | ham FPR | spam recall | MCC | AUC |"
echo "|---|---|---|---|---|---|"
row "UCI test.tsv" "$shared/corpus/test.tsv"
row "modern holdout (ours)" corpus/modern/holdout.tsv
check=$(mktemp)
ml=$(mktemp)
unseen=$(mktemp)
era=$(mktemp)
trap 'rm -f "$check" "$ml" "$unseen" "$era"' EXIT
cat corpus/modern-check/*.tsv > "$check"
row "modern-check (ours, second writer)" "$check"
row "NUS English 2010–15 (ham only)" corpus/extra-split/nus_en_2010_2015.holdout.tsv
row "Thai 2022" corpus/extra-split/thai_2022.holdout.tsv
row "Indonesian 2016" corpus/extra-split/indonesian_2016.holdout.tsv
for l in ar de es fr hi pt ru tr vi zh; do cat corpus/modern-check-ml/{ham,spam}-$l.tsv; done > "$ml"
row "modern-check-ml, the ten languages trained on (ours)" "$ml"
for l in fa it ja ko pl; do cat corpus/modern-check-ml/{ham,spam}-$l.tsv; done > "$unseen"
row "modern-check-ml, five languages nothing trains on (ours)" "$unseen"
cat corpus/era-check/{ham,spam}-*.tsv > "$era"
row "era-check, SMS of 2003–2015 (ours)" "$era"
