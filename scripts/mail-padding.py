#!/usr/bin/env python3
"""Chat around a lure in a plain mail, built from training text only (the harness the mail
reading was chosen on; scripts/padding-recall.py and scripts/mail-attacks.py build theirs from
held-out text).

Ham: the training parts of NUS (corpus/extra-split), corpus/modern-train and modern-train2.
Spam: the spam of those two and of corpus/modern/train.tsv. For k in 3, 6, 12 (seeded, 40 each):
a lure alone; k chat messages before it; k before and k after; k after it; 2k chat messages
without a lure. Each as the body of a plain mail, one delivery each; prints how many are Spam.

Usage: scripts/mail-padding.py [MODEL]   (default: models/default.smsmodel; SMSFILTER=binary)
"""
import os
import random
import subprocess
import sys
import tempfile

# The model alone decides: no user's store (their marks and sender list) may, so every
# smsfilter run here gets a store of its own that does not exist.
os.environ["SMSFILTER_DB"] = os.path.join(tempfile.mkdtemp(prefix="smsfilter-measure-"), "none.sqlite")

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.environ.get("SMSFILTER", os.path.join(root, ".build", "release", "smsfilter"))
model = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "models", "default.smsmodel")


def read(path, label):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return [p[-1] for p in (line.rstrip("\n").split("\t") for line in f) if len(p) >= 2 and p[0] == label]


def is_spam(body):
    mail = "From: a@example.com\nTo: b@example.org\nSubject: hello\n\n" + body + "\n"
    out = subprocess.run([binary, "--no-log", "--model", model], input=mail.encode(), capture_output=True)
    return out.stdout.decode().startswith("Spam")


def main():
    ham = (read("corpus/extra-split/nus_en_2010_2015.train.tsv", "ham") + read("corpus/modern-train/train.tsv", "ham")
           + read("corpus/modern-train2/train.tsv", "ham"))
    spam = (read("corpus/modern-train/train.tsv", "spam") + read("corpus/modern-train2/train.tsv", "spam")
            + read("corpus/modern/train.tsv", "spam"))
    rng = random.Random(5)
    print("| k | lure alone | chat before | chat around | chat after | chat only (ham) |")
    print("|---|---|---|---|---|---|")
    for k in (3, 6, 12):
        counts = [0] * 5
        for _ in range(40):
            lure, before, after = rng.choice(spam), rng.sample(ham, k), rng.sample(ham, k)
            bodies = [[lure], before + [lure], before + [lure] + after, [lure] + after, before + after]
            for i, parts in enumerate(bodies):
                counts[i] += is_spam("\n\n".join(parts))
        print("| %d | %s |" % (k, " | ".join(str(c) for c in counts)))


if __name__ == "__main__":
    main()
