#!/usr/bin/env python3
"""Spam recall on held-out spam whose words a sender disguised, per kind of disguise.

Every spam message of the held-out sets (UCI test.tsv from ../shared when present, the project's
corpus/modern/holdout.tsv and corpus/modern-check/) is rewritten four ways, seeded, and scored:

  lookalike  half of the words of 4+ letters get one or two letters of another script that look
             Latin (Cyrillic a e o c p x y i, capitals kept capital)
  signs      half of the words of 4+ letters get one or two letters written as signs
             (o→0, e→3, a→4 or @, s→5 or $, i→1)
  spelled    the two longest words spelled out, letter by letter (C L A I M, or c.l.a.i.m)
  all        the three together
  marks      half of the words of 4+ letters with a combining mark over or under every letter
             (strike-through U+0336, low line U+0332 or long solidus U+0338), as "fancy text"
             generators write them
  small caps half of the words of 4+ letters in small capitals (U+1D00 block and kin: ᴄʟᴀɪᴍ)
  squared    half of the words of 4+ letters in negative squared letters (🅲🅻🅰🅸🅼)
  split      half of the words of 4+ letters broken in two inside (cl-aim, fr.ee, pr_ize, pr*ize,
             cl aim)

Usage: scripts/disguise-recall.py [MODEL…]   (default: models/default.smsmodel)
Prints one row per model: recall as written and under each disguise.
"""
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.environ.get("SHARED", os.path.join(root, "..", "shared"))
binary = os.environ.get("SMSFILTER", os.path.join(root, ".build", "release", "smsfilter"))

CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440", "x": "\u0445",
            "y": "\u0443", "i": "\u0456"}
SIGNS = {"o": ["0"], "e": ["3"], "a": ["4", "@"], "s": ["5", "$"], "i": ["1"]}
SMALL_CAPS = dict(zip("abcdefghijklmnoprstuvwyz",
                      "\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u029f"
                      "\u1d0d\u0274\u1d0f\u1d18\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22"))
MARKS = ["\u0336", "\u0332", "\u0338"]


def spam_messages():
    files = [os.path.join(shared, "corpus", "test.tsv"), os.path.join(root, "corpus", "modern", "holdout.tsv")]
    files += sorted(glob.glob(os.path.join(root, "corpus", "modern-check", "*.tsv")))
    out = []
    for path in files:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or "\t" not in line:
                    continue
                label, text = line.rstrip("\n").split("\t", 1)
                if label == "spam":
                    out.append(text)
    return out


def swap_letters(word, table, rng):
    positions = [i for i, ch in enumerate(word) if ch.lower() in table]
    if not positions:
        return word
    chars = list(word)
    for i in rng.sample(positions, min(len(positions), rng.choice([1, 2]))):
        choice = table[chars[i].lower()]
        sub = rng.choice(choice) if isinstance(choice, list) else choice
        chars[i] = sub.upper() if chars[i].isupper() else sub
    return "".join(chars)


def per_word(text, rng, table):
    words = text.split(" ")
    return " ".join(swap_letters(w, table, rng) if sum(c.isalpha() for c in w) >= 4 and rng.random() < 0.5
                    else w for w in words)


def spelled(text, rng):
    words = text.split(" ")
    candidates = sorted((i for i, w in enumerate(words) if w.isalpha() and len(w) >= 4),
                        key=lambda i: -len(words[i]))[:2]
    for i in candidates:
        sep = rng.choice([" ", "."])
        words[i] = sep.join(words[i].upper() if sep == " " else words[i])
    return " ".join(words)


def whole_words(text, rng, rewrite):
    words = text.split(" ")
    return " ".join(rewrite(w) if sum(c.isalpha() for c in w) >= 4 and rng.random() < 0.5 else w
                    for w in words)


def fancy(kind, text, rng):
    if kind == "marks":
        mark = rng.choice(MARKS)
        return whole_words(text, rng, lambda w: "".join(c + mark if c.isalpha() else c for c in w))
    if kind == "small caps":
        return whole_words(text, rng, lambda w: "".join(SMALL_CAPS.get(c.lower(), c) for c in w))
    return whole_words(text, rng, lambda w: "".join(
        chr(0x1F170 + ord(c.lower()) - 97) if "a" <= c.lower() <= "z" else c for c in w))


def split(text, rng):
    def cut(w):
        letters = [i for i in range(1, len(w)) if w[i - 1].isalpha() and w[i].isalpha()]
        if not letters:
            return w
        at = rng.choice(letters)
        return w[:at] + rng.choice(["-", ".", "_", "*", " "]) + w[at:]
    return whole_words(text, rng, cut)


def disguise(kind, text, rng):
    if kind == "split":
        return split(text, rng)
    if kind in ("marks", "small caps", "squared"):
        return fancy(kind, text, rng)
    if kind == "lookalike":
        return per_word(text, rng, CYRILLIC)
    if kind == "signs":
        return per_word(text, rng, SIGNS)
    if kind == "spelled":
        return spelled(text, rng)
    return per_word(per_word(spelled(text, rng), rng, CYRILLIC), rng, SIGNS)


def recall(model, texts):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write("spam\t" + t.replace("\t", " ") + "\n")
        path = f.name
    try:
        out = subprocess.run([binary, "evaluate", "--corpus", path, "--model", model, "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    m = json.loads(out)
    return m["tp"], m["tp"] + m["fn"]


def main():
    models = sys.argv[1:] or [os.path.join(root, "models", "default.smsmodel")]
    spam = spam_messages()
    kinds = ["as written", "lookalike", "signs", "spelled", "all", "marks", "small caps", "squared", "split"]
    sets = {}
    for k, kind in enumerate(kinds):
        rng = random.Random(1000 + k)
        sets[kind] = spam if kind == "as written" else [disguise(kind, t, rng) for t in spam]
    print("| model | " + " | ".join(kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    for model in models:
        cells = []
        for kind in kinds:
            tp, n = recall(model, sets[kind])
            cells.append("%.1f %% (%d/%d)" % (100 * tp / n, tp, n))
        print("| %s | %s |" % (os.path.basename(model), " | ".join(cells)))


if __name__ == "__main__":
    main()
