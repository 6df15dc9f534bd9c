#!/usr/bin/env python3
"""Lures hidden among innocent messages, and long ham, built from held-out text only.

Ham: the NUS holdout (corpus/extra-split, made by corpus/split-extra.sh from ../shared), the ham
of corpus/modern/holdout.tsv and of corpus/modern-check/. Spam: the spam of the last two.
For each k in 3, 6, 12, 24 (seeded):
  - 150 concatenations of k ham messages: how many are flagged (ham flagged as spam);
  - 60 lures with k ham messages after them, 60 with the lure in the middle, 60 with it last:
    how many are caught.
Usage: scripts/padding-recall.py [MODEL…]   (default: models/default.smsmodel)
"""
import os
import random
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.environ.get("SMSFILTER", os.path.join(root, ".build", "release", "smsfilter"))


def read(path, label):
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            lab, text = line.rstrip("\n").split("\t", 1)
            if lab == label:
                out.append(text.replace("\t", " "))
    return out


def sets():
    check = [os.path.join(root, "corpus", "modern-check", n) for n in sorted(os.listdir(os.path.join(root, "corpus", "modern-check"))) if n.endswith(".tsv")]
    holdout = os.path.join(root, "corpus", "modern", "holdout.tsv")
    nus = os.path.join(root, "corpus", "extra-split", "nus_en_2010_2015.holdout.tsv")
    ham = read(nus, "ham") + read(holdout, "ham") + [t for p in check for t in read(p, "ham")]
    spam = read(holdout, "spam") + [t for p in check for t in read(p, "spam")]
    return ham, spam


def verdicts(model, texts):
    data = "".join("x\t" + t + "\n" for t in texts)
    out = subprocess.run([binary, "classify", "--input", "tsv", "--no-log", "--model", model],
                         input=data, capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split("\t")[0] for line in out]


def main():
    models = sys.argv[1:] or [os.path.join(root, "models", "default.smsmodel")]
    ham, spam = sets()
    rng = random.Random(7)
    cases = []  # (row, column, text)
    for k in (3, 6, 12, 24):
        for _ in range(150):
            cases.append((k, "ham flagged", " ".join(rng.sample(ham, k))))
        for where in ("lure first", "lure in the middle", "lure last"):
            for _ in range(60):
                parts = rng.sample(ham, k)
                lure = rng.choice(spam)
                at = {"lure first": 0, "lure in the middle": k // 2, "lure last": k}[where]
                parts.insert(at, lure)
                cases.append((k, where, " ".join(parts)))
    columns = ["ham flagged", "lure first", "lure in the middle", "lure last"]
    for model in models:
        v = verdicts(model, [c[2] for c in cases])
        print("%s (of 150 ham concatenations / of 60 lures)" % os.path.basename(model))
        print("| k ham messages | " + " | ".join(columns) + " |")
        print("|---|" + "---|" * len(columns))
        for k in (3, 6, 12, 24):
            cells = []
            for col in columns:
                hits = sum(1 for c, x in zip(cases, v) if c[0] == k and c[1] == col and x == "spam")
                cells.append(str(hits))
            print("| %d | %s |" % (k, " | ".join(cells)))


if __name__ == "__main__":
    main()
