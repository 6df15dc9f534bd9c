#!/usr/bin/env bash
# Turns the written mails (ham*.jsonl, spam*.jsonl: README.md) into raw mail and into the text a
# delivery scores, split once by a fixed rule: a mail is held out when SHA-256 of its subject,
# a newline and its body is divisible by 3 (a third, evaluation only); the rest may train.
#
#   OUT/train/{ham,spam}, OUT/holdout/{ham,spam}   Maildirs of RFC 5322 mail (UTF-8, 8bit; a
#                                                   non-ASCII subject as an RFC 2047 word)
#   OUT/train.tsv, OUT/holdout.tsv                 label<TAB>text, the text `smsfilter learn`
#                                                   stores for each mail (subject and decoded body)
#
# Usage: corpus/modern-mail/build.sh [OUT_DIR [SOURCE_DIR train-only]]
#        (default OUT_DIR corpus/modern-mail/work, ignored by git; SMSFILTER: the binary, default
#        .build/release/smsfilter). With a SOURCE_DIR and train-only, the mails of that directory's
#        ham*.jsonl and spam*.jsonl all go to OUT_DIR/train (a training-only supplement:
#        corpus/modern-mail-train/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/work}
source_dir=${2:-$here}
train_only=${3:-}
[ -z "$train_only" ] || [ "$train_only" = train-only ] || { echo "build: third argument must be train-only" >&2; exit 2; }
smsfilter=${SMSFILTER:-$root/.build/release/smsfilter}
[ -x "$smsfilter" ] || { echo "build: $smsfilter not found (swift build -c release --product smsfilter)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
python3 - "$source_dir" "$out" "$train_only" <<'PY'
import base64, glob, hashlib, json, os, sys
here, out, train_only = sys.argv[1], sys.argv[2], sys.argv[3] == "train-only"
KEYS = {"from", "subject", "body", "html", "lang", "kind"}
for label in ("ham", "spam"):
    counts = {"train": 0, "holdout": 0}
    for path in sorted(glob.glob(os.path.join(here, f"{label}*.jsonl"))):
        source = os.path.basename(path)[: -len(".jsonl")]
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                mail = json.loads(line)
                if set(mail) != KEYS:
                    sys.exit(f"build: {source}.jsonl line {number}: keys {sorted(mail)}, expected {sorted(KEYS)}")
                key = (mail["subject"] + "\n" + mail["body"]).encode()
                digest = hashlib.sha256(key).hexdigest()
                part = "holdout" if int(digest, 16) % 3 == 0 and not train_only else "train"
                subject = mail["subject"]
                if not subject.isascii():
                    subject = "=?UTF-8?B?" + base64.b64encode(subject.encode()).decode() + "?="
                sender = mail["from"]
                if not sender.isascii():
                    name, _, address = sender.rpartition("<")
                    sender = "=?UTF-8?B?" + base64.b64encode(name.strip().encode()).decode() + "?= <" + address
                kind = "html" if mail["html"] else "plain"
                raw = (
                    f"From: {sender}\n"
                    "To: reader@example.org\n"
                    f"Subject: {subject}\n"
                    "Date: Tue, 01 Dec 2026 09:00:00 +0000\n"
                    f"Message-ID: <{digest[:24]}@written.invalid>\n"
                    "MIME-Version: 1.0\n"
                    f"Content-Type: text/{kind}; charset=UTF-8\n"
                    "Content-Transfer-Encoding: 8bit\n"
                    "\n" + mail["body"].rstrip("\n") + "\n"
                )
                folder = os.path.join(out, part, label)
                for sub in ("cur", "new", "tmp"):
                    os.makedirs(os.path.join(folder, sub), exist_ok=True)
                with open(os.path.join(folder, "cur", f"{source}-{number:04d}.{digest[:16]}"), "w", encoding="utf-8") as m:
                    m.write(raw)
                counts[part] += 1
    print(f"{label}: {counts['train']} train, {counts['holdout']} held out", file=sys.stderr)
PY
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
parts="train holdout"
[ -z "$train_only" ] || parts=train
for part in $parts; do
  : > "$out/$part.tsv"
  for label in ham spam; do
    "$smsfilter" learn --"$label" --input maildir --quiet --db "$store/$part-$label.sqlite" "$out/$part/$label"
    "$smsfilter" db export --db "$store/$part-$label.sqlite" >> "$out/$part.tsv"
  done
  echo "$out/$part.tsv: $(grep -c '^ham' "$out/$part.tsv") ham, $(grep -c '^spam' "$out/$part.tsv") spam" >&2
done
# retrain's mail guard set reads the committed copy of the held-out texts (guard.tsv): say when
# this build's text differs from it (the text extraction changed), so that it is copied over.
[ -n "$train_only" ] || cmp -s "$out/holdout.tsv" "$here/guard.tsv" \
  || echo "build: $out/holdout.tsv differs from $here/guard.tsv (retrain's mail guard set): copy it over" >&2
