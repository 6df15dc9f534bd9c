#!/usr/bin/env python3
"""Writes copies of the written training sets in which some automated messages end in an opt-out footer.

Legitimate automated SMS (codes, bank, delivery and booking notices) often end in the opt-out
wording that carriers ask senders to include ("Reply STOP to opt out", "Msg&data rates may
apply"). In UCI's 2000s collection that wording is a mark of spam, and the written sets have
few legitimate messages carrying it, so the model learnt "STOP" as spam. Here a fixed third of
the automated messages of each written training set, ham and spam alike, gets one footer of
footers-train.txt, so that within today's messages a footer says nothing about the label.

Which messages and which footer follow from a SHA-256 of the text, so the output is the same on
every run. Personal chat and chat-like scams get none (people do not sign off with "Reply
STOP"), nor a message that already says STOP. footers-check.txt holds other wordings, used only
to measure (scripts/opt-out-check.py).

Usage: corpus/opt-out/add-footers.py   (rewrites corpus/opt-out/*.train.tsv)
"""
import hashlib
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
SHARE = 0.2

# The files of each written set whose messages are automated notices or lures.
AUTOMATED = {
    "modern": ["ham-bank", "ham-bills-travel", "ham-bookings", "ham-codes", "ham-delivery",
               "spam-bank", "spam-offers", "spam-parcel", "spam-toll-tax"],
    "modern-train": ["ham-automated", "spam-lures", "spam-offers"],
    "modern-train2": ["ham-automated", "spam-lures", "spam-offers"],
}
SAYS_STOP = re.compile(r"\bstop", re.IGNORECASE)


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def main():
    footers = lines(os.path.join(HERE, "footers-train.txt"))
    for name, kinds in AUTOMATED.items():
        automated = set()
        for kind in kinds:
            automated.update(lines(os.path.join(CORPUS, name, kind + ".tsv")))
        out, changed = [], 0
        for line in lines(os.path.join(CORPUS, name, "train.tsv")):
            label, text = line.split("\t", 1)
            digest = hashlib.sha256(text.encode("utf-8")).digest()
            chosen = int.from_bytes(digest[:8], "big") / 2**64 < SHARE
            if line in automated and chosen and not SAYS_STOP.search(text):
                footer = footers[int.from_bytes(digest[8:16], "big") % len(footers)]
                line = "%s\t%s %s" % (label, text, footer)
                changed += 1
            out.append(line)
        with open(os.path.join(HERE, name + ".train.tsv"), "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        print("%s: %d of %d messages end in a footer" % (name, changed, len(out)))


if __name__ == "__main__":
    main()
