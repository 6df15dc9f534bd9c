#!/usr/bin/env bash
# How the retrain gate's base-spam guard (`base_spam_tolerance`, issue 17 item 1) treats honest
# and poisoned feedback. For each seed: 30 messages of corpus/modern-train (15 spam, 15 ham)
# are held out of the base corpus and marked with their true labels (honest), or 40 of its spam
# are marked as ham (poisoned); the base corpus is UCI train.tsv plus the project's two written
# training sets minus the marks; the bundled model is the current one. Prints one line per run:
# the retrain's verdict, what the base-spam guard counted and what the guard set counted.
#
#   scripts/gate-tolerance.sh [--smsfilter PATH] [--bundled-recipe] [SEED...]   (default seeds: 1 2 3)
#
# --bundled-recipe: the base is the bundled model's thirteen corpora and recipe (as
# scripts/train-bundled.sh: weights, threshold corpora and their caps, the mail corpus read as
# mail, the written mails training the reading of mail only (`--mail-only-corpus`), E 16,
# min-count 3, spam weight 1; nine corpora until run Z43), with the marks taken out of
# modern-train, and the written sets read with their opt-out footers (corpus/opt-out, as
# train-bundled.sh reads them); needs corpus/extra-split (corpus/split-extra.sh),
# corpus/spamassassin/work/train.tsv (corpus/spamassassin/fetch.sh, then build.sh) and the
# written mails' work/train.tsv (scripts/train-bundled.sh builds them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
smsfilter=$root/.build-release-static/release/smsfilter
if [[ ${1:-} == --smsfilter ]]; then smsfilter=$2; shift 2; fi
recipe=plain
if [[ ${1:-} == --bundled-recipe ]]; then recipe=bundled; shift; fi
seeds=("$@")
[[ ${#seeds[@]} -gt 0 ]] || seeds=(1 2 3)
uci=$root/../shared/corpus/train.tsv
[[ -r $uci ]] || { echo "gate-tolerance: needs $uci" >&2; exit 2; }
[[ $recipe == bundled ]] && "$root/corpus/opt-out/add-footers.py" >/dev/null
# A written set as the recipe reads it: corpus/NAME/train.tsv, or with the bundled recipe
# corpus/opt-out/NAME.train.tsv.
written_set() {
    if [[ $recipe == bundled ]]; then echo "$root/corpus/opt-out/$1.train.tsv"; else echo "$root/corpus/$1/train.tsv"; fi
}
work=$(mktemp -d /tmp/gate-tolerance.XXXXXX)
for seed in "${seeds[@]}"; do
    for kind in honest poisoned; do
        run=$work/$kind-$seed
        mkdir -p "$run"
        python3 - "$(written_set modern-train)" "$(written_set modern)" "$uci" "$run" "$kind" "$seed" <<'PY'
import random, sys
modern_train, modern, uci, run, kind, seed = sys.argv[1:]
def rows(path):
    return [l.rstrip("\n") for l in open(path, encoding="utf-8", errors="replace")
            if l.strip() and not l.startswith("#")]
pool = rows(modern_train)
r = random.Random(int(seed))
spam = [l for l in pool if l.startswith("spam\t")]
ham = [l for l in pool if l.startswith("ham\t")]
if kind == "honest":
    marks = r.sample(spam, 15) + r.sample(ham, 15)
    marked = marks
else:
    marks = r.sample(spam, 40)
    marked = ["ham\t" + l.split("\t", 1)[1] for l in marks]
chosen = set(marks)
base = rows(uci) + rows(modern) + [l for l in pool if l not in chosen]
open(f"{run}/base.tsv", "w", encoding="utf-8").write("\n".join(base) + "\n")
open(f"{run}/marks.tsv", "w", encoding="utf-8").write("\n".join(marked) + "\n")
open(f"{run}/pool.tsv", "w", encoding="utf-8").write("\n".join(l for l in pool if l not in chosen) + "\n")
PY
        (
            cd "$run"
            export HOME=$run SMSFILTER_DB=$run/store.sqlite
            unset SMSFILTER_MODEL SMSFILTER_CONFIG
            "$smsfilter" learn --quiet --input tsv marks.tsv
            if [[ $recipe == bundled ]]; then
                split=$root/corpus/extra-split
                "$smsfilter" retrain --force --seed "$seed" \
                    --base-corpus uci="$uci" --base-corpus nus="$split/nus_en_2010_2015.train.tsv" \
                    --base-corpus thai="$split/thai_2022.train.tsv" \
                    --base-corpus indonesian="$split/indonesian_2016.train.tsv" \
                    --base-corpus modern="$(written_set modern)" --base-corpus modern-train=pool.tsv \
                    --base-corpus modern-train2="$(written_set modern-train2)" \
                    --base-corpus modern-train4="$root/corpus/modern-train4/train.tsv" --corpus-weight modern-train4=2 \
                    --base-corpus modern-train5="$root/corpus/modern-train5/train.tsv" --corpus-weight modern-train5=2 \
                    --base-corpus modern-train6="$root/corpus/modern-train6/train.tsv" --corpus-weight modern-train6=2 \
                    --base-corpus spamassassin="$root/corpus/spamassassin/work/train.tsv" \
                    --base-corpus modern-mail="$root/corpus/modern-mail/work/train.tsv" \
                    --mail-only-corpus modern-mail --corpus-weight modern-mail=2 \
                    --base-corpus modern-mail-train="$root/corpus/modern-mail-train/work/train.tsv" \
                    --mail-only-corpus modern-mail-train --corpus-weight modern-mail-train=2 \
                    --mail-corpus spamassassin --corpus-weight spamassassin=0.1 \
                    --corpus-weight modern=2 --corpus-weight modern-train=2 --corpus-weight modern-train2=2 \
                    --spam-weight 1 --embedding-dim 16 --min-count 3 \
                    --threshold-corpus uci --threshold-corpus modern --threshold-corpus modern-train \
                    --threshold-corpus modern-train2 --corpus-max-false-positive-rate modern=0.03 \
                    --corpus-max-false-positive-rate modern-train=0.03 \
                    --corpus-max-false-positive-rate modern-train2=0.03 \
                    > retrain.out 2>&1 || true
            else
                "$smsfilter" retrain --force --seed "$seed" --base-corpus base.tsv > retrain.out 2>&1 || true
            fi
            verdict=$(grep -E "^(activated|rejected)" retrain.out | tail -1 || true)
            guard=$(grep -i "base" retrain.out | grep -iE "spam|let" | tail -1 || true)
            guard_set=$(grep "^guard set:" retrain.out | tail -1 || true)
            echo "$kind seed $seed ($recipe recipe): ${verdict:-?} | ${guard:-no guard line} | ${guard_set:-no guard-set line}"
        )
    done
done
echo "(work files in $work)"
