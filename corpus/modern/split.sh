#!/usr/bin/env bash
# Fixed split of the project's own modern SMS corpus, decided before any result was seen.
# Reads every ham-*.tsv and spam-*.tsv in this script's directory, in sorted file-name order;
# within each file, line n goes to holdout.tsv when (n - 1) mod 3 == 0 (lines 1, 4, 7, ...)
# and to train.tsv otherwise. Rewrites both outputs from scratch each run (idempotent) and
# never reads them.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir"
LC_ALL=C
export LC_ALL
files=$(ls ham-*.tsv spam-*.tsv 2>/dev/null | sort)
[ -n "$files" ] || { echo "split.sh: no ham-*.tsv or spam-*.tsv in $dir" >&2; exit 1; }
: > holdout.tsv.tmp
: > train.tsv.tmp
# shellcheck disable=SC2086
awk '{ if ((FNR - 1) % 3 == 0) print > "holdout.tsv.tmp"; else print > "train.tsv.tmp" }' $files
mv holdout.tsv.tmp holdout.tsv
mv train.tsv.tmp train.tsv
echo "split.sh: $(wc -l < train.tsv) train, $(wc -l < holdout.tsv) holdout lines in $dir" >&2
