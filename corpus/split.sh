#!/usr/bin/env bash
# Duplicate-safe split of a label<TAB>text corpus: a message is in test when the first byte of
# SHA-256(text) is below 51 (about 20 %), so identical texts always share a fold.
# Usage: corpus/split.sh SMSSpamCollection [OUTDIR]
set -euo pipefail
in=$1
out=${2:-$(dirname "$in")}
python3 - "$in" "$out" <<'PY'
import hashlib, sys
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f, open(f"{out}/train.tsv", "w", encoding="utf-8") as tr, \
        open(f"{out}/test.tsv", "w", encoding="utf-8") as te:
    for line in f:
        label, _, text = line.rstrip("\n").partition("\t")
        (te if hashlib.sha256(text.encode()).digest()[0] < 51 else tr).write(f"{label}\t{text}\n")
PY
echo "wrote $out/train.tsv and $out/test.tsv" >&2
