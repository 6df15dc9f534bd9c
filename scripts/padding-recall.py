#!/usr/bin/env python3
"""Lures hidden among innocent messages, and long ham, built from held-out text only.

Ham: the NUS holdout (corpus/extra-split, made by corpus/split-extra.sh from ../shared), the ham
of corpus/modern/holdout.tsv and of corpus/modern-check/. Spam: the spam of the last two.
For each k in 3, 6, 12, 24 (seeded):
  - 150 concatenations of k ham messages: how many are flagged (ham flagged as spam);
  - 60 lures with k ham messages after them, 60 with the lure in the middle, 60 with it last:
    how many are caught.
Then repeated padding (seeded, 60 each): a lure, or a ham message, after 150 copies of an emoji,
150 copies of a short word, 50 copies of a two- or three-word phrase taken from held-out ham, or
20 copies of "1 2 3 4 5 6 7 8 9 0"; scored as a text (tsv) and as the body of a plain mail (one
delivery each): how many are Spam.
Usage: scripts/padding-recall.py [MODEL…]   (default: models/default.smsmodel)
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

    repeated_padding(models, ham, spam)


def padding_kinds(rng, ham):
    words = [w for t in ham for w in t.split() if w.isalpha() and 2 <= len(w) <= 5]
    phrase = " ".join(rng.choice(ham).split()[:rng.choice([2, 3])])
    return {
        "emoji": rng.choice(["🎉", "😀", "🔥", "⭐"]) * 150,
        "one word": " ".join([rng.choice(words)] * 150),
        "a phrase": " ".join([phrase] * 50),
        "digits": " ".join(["1 2 3 4 5 6 7 8 9 0"] * 20),
    }


def mail_verdicts(model, texts):
    out = []
    for t in texts:
        mail = "From: a@example.com\nTo: b@example.org\nSubject: hello\n\n" + t + "\n"
        r = subprocess.run([binary, "classify", "--no-log", "--model", model], input=mail.encode(),
                           capture_output=True)
        out.append(r.stdout.decode().split(",")[0].lower())
    return out


def repeated_padding(models, ham, spam):
    rng = random.Random(19)
    kinds = ["emoji", "one word", "a phrase", "digits"]
    cases = []  # (kind, is lure, text)
    for _ in range(60):
        pads = padding_kinds(rng, ham)
        lure = rng.choice(spam)
        innocent = rng.choice(ham)
        for kind in kinds:
            cases.append((kind, True, pads[kind] + "\n" + lure))
            cases.append((kind, False, pads[kind] + "\n" + innocent))
    for model in models:
        as_text = verdicts(model, [c[2].replace("\n", " ") for c in cases])
        as_mail = mail_verdicts(model, [c[2] for c in cases])
        print("%s, repeated padding before a lure or a ham message (of 60)" % os.path.basename(model))
        print("| padding | lures caught, text | lures caught, mail | ham flagged, text | ham flagged, mail |")
        print("|---|---|---|---|---|")
        for kind in kinds:
            def count(v, lure):
                return sum(1 for c, x in zip(cases, v) if c[0] == kind and c[1] == lure and x == "spam")
            print("| %s | %d | %d | %d | %d |" % (kind, count(as_text, True), count(as_mail, True),
                                                  count(as_text, False), count(as_mail, False)))


if __name__ == "__main__":
    main()
