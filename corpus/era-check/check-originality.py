#!/usr/bin/env python3
"""Drops written messages that sit too near a message of a public collection.

The writers of this folder were told to write every message new, but a writer who has read the
UCI SMS Spam Collection (the public collection the bundled model is measured on) may recall a
message of it. A recalled message would measure (or, trained on, teach) text the UCI collection
holds, so every line of the written files is compared with every message of
../shared/corpus/SMSSpamCollection (train and test alike) and of ../shared/corpus/extra, and
dropped when it is near one:

- normalized (case folded, digits made 0, anything but letters and digits a space), it equals
  a message, or
- it shares half or more of its word 3-grams, and at least two, with one message.

Usage: corpus/era-check/check-originality.py [SHARED]   (default: ../shared from the project)
Rewrites the ham-*.tsv and spam-*.tsv files here without the dropped lines, and prints each
dropped line with the message it was near.
"""

import glob
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..", "shared")


def normalized(text):
    text = re.sub(r"[0-9]", "0", text.casefold())
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def trigrams(words):
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


sources = [os.path.join(shared, "corpus", "SMSSpamCollection")]
sources += sorted(glob.glob(os.path.join(shared, "corpus", "extra", "*.tsv")))
public = []
for path in sources:
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "\t" in line:
                public.append(line.rstrip("\n").split("\t", 1)[1])
if not public:
    sys.exit(f"check-originality: no public collection under {shared}")

index = {}
whole = {}  # a public message by its normalized text
for number, text in enumerate(public):
    words = normalized(text).split()
    whole.setdefault(" ".join(words), text)
    for gram in trigrams(words):
        index.setdefault(gram, set()).add(number)


def nearest(text):
    words = normalized(text).split()
    if words and " ".join(words) in whole:
        return whole[" ".join(words)]
    grams = trigrams(words)
    counts = {}
    for gram in grams:
        for number in index.get(gram, ()):
            counts[number] = counts.get(number, 0) + 1
    if counts:
        number, shared_grams = max(counts.items(), key=lambda item: item[1])
        if shared_grams >= 2 and shared_grams * 2 >= len(grams):
            return public[number]
    return None


dropped = kept = 0
for path in sorted(glob.glob(os.path.join(here, "ham-*.tsv")) + glob.glob(os.path.join(here, "spam-*.tsv"))):
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            near = nearest(line.split("\t", 1)[1])
            if near is None:
                lines.append(line)
            else:
                dropped += 1
                print(f"dropped ({os.path.basename(path)}): {line!r}\n  near: {near!r}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    kept += len(lines)

print(f"check-originality: {dropped} dropped, {kept} kept", file=sys.stderr)
