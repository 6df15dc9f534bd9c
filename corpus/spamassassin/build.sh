#!/usr/bin/env bash
# Splits the SpamAssassin public corpus (fetch.sh) into a training part and a held-out part, and
# writes each as the text smsfilter reads in a mail (subject and MIME-decoded body, as
# `smsfilter learn` stores it), one `label<TAB>text` line per message.
#
# Rule, fixed before any result was seen: a message is held out when SHA-256 of its file name
# (NNNNN.<md5>), read as a number, is divisible by 3 (about a third). Held-out messages never
# train the bundled model; held-out texts that also occur in the training part are dropped
# (the same mail in both spam sets).
#
# Usage: corpus/spamassassin/build.sh [MAIL_DIR] [OUT_DIR]
#   MAIL_DIR  fetch.sh's folder (default corpus/spamassassin/mail)
#   OUT_DIR   default corpus/spamassassin/work (ignored by git): train.tsv, holdout.tsv, and
#             holdout/FOLDER and train/FOLDER as Maildirs (for `classify --input maildir`)
#   SMSFILTER the binary (default .build/release/smsfilter)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mail=${1:-$here/mail}
out=${2:-$here/work}
smsfilter=${SMSFILTER:-$root/.build/release/smsfilter}
[ -x "$smsfilter" ] || { echo "build: $smsfilter not found (swift build -c release --product smsfilter)" >&2; exit 1; }
folders="easy_ham easy_ham_2 hard_ham spam spam_2"
for folder in $folders; do
  [ -d "$mail/$folder" ] || { echo "build: $mail/$folder not found (run corpus/spamassassin/fetch.sh)" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out"
python3 - "$mail" "$out" $folders <<'PY'
import hashlib, os, shutil, sys
mail, out, folders = sys.argv[1], sys.argv[2], sys.argv[3:]
mismatched = 0
for folder in folders:
    counts = {"train": 0, "holdout": 0}
    for name in sorted(os.listdir(os.path.join(mail, folder))):
        stem = name[:-4] if name.endswith(".txt") else name
        if not stem[:1].isdigit() or "." not in stem:
            continue  # the archives' `cmds` files
        path = os.path.join(mail, folder, name)
        with open(path, "rb") as f:
            if hashlib.md5(f.read()).hexdigest() != stem.split(".", 1)[1]:
                mismatched += 1
        part = "holdout" if int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 3 == 0 else "train"
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(out, part, folder, sub), exist_ok=True)
        shutil.copyfile(path, os.path.join(out, part, folder, "cur", stem))
        counts[part] += 1
    print(f"{folder}: {counts['train']} train, {counts['holdout']} held out", file=sys.stderr)
if mismatched:
    print(f"build: {mismatched} message(s) differ from the MD5 in their name", file=sys.stderr)
PY
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
for part in train holdout; do
  : > "$out/$part.all.tsv"
  for folder in $folders; do
    label=ham
    case $folder in spam*) label=spam ;; esac
    "$smsfilter" learn --"$label" --input maildir --quiet --db "$store/$part-$folder.sqlite" "$out/$part/$folder"
    "$smsfilter" db export --db "$store/$part-$folder.sqlite" >> "$out/$part.all.tsv"
  done
done
# One line per text; held-out texts that train elsewhere go.
awk -F'\t' '!seen[$2]++' "$out/train.all.tsv" > "$out/train.tsv"
awk -F'\t' 'NR == FNR { t[$2] = 1; next } !($2 in t) && !seen[$2]++' "$out/train.tsv" "$out/holdout.all.tsv" > "$out/holdout.tsv"
rm "$out/train.all.tsv" "$out/holdout.all.tsv"
for part in train holdout; do
  echo "$out/$part.tsv: $(grep -c '^ham' "$out/$part.tsv") ham, $(grep -c '^spam' "$out/$part.tsv") spam" >&2
done
