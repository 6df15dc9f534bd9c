#!/usr/bin/env python3
"""Held-out automated messages scored as written and with an opt-out footer added.

Legitimate notices often end in carrier opt-out wording ("Reply STOP to opt out", "Msg&data
rates may apply"), which UCI's 2000s spam used too. This adds each footer of
corpus/opt-out/footers-check.txt (wordings never used in training) to every automated message of
the held-out sets: the automated kinds of corpus/modern/holdout.tsv and corpus/modern-check's
alerts, codes, lures and offers (personal chat and chat-like scams carry no such footer; a
message that already says STOP is left out). A footer should change nothing: ham flagged and spam
caught should stay where they are as written.

Usage: scripts/opt-out-check.py [MODEL…]   (default: models/default.smsmodel)
"""
import importlib.util
import os
import subprocess
import sys
import tempfile

# The model alone decides: no user's store (their marks and sender list) may, so every
# smsfilter run here gets a store of its own that does not exist.
os.environ["SMSFILTER_DB"] = os.path.join(tempfile.mkdtemp(prefix="smsfilter-measure-"), "none.sqlite")

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.environ.get("SMSFILTER", os.path.join(root, ".build", "release", "smsfilter"))
corpus = os.path.join(root, "corpus")

# The kinds of automated message, the STOP test and the file reader of the footer writer.
_spec = importlib.util.spec_from_file_location("add_footers", os.path.join(corpus, "opt-out", "add-footers.py"))
footers_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(footers_module)
lines = footers_module.lines
SAYS_STOP = footers_module.SAYS_STOP
CHECK_AUTOMATED = ["ham-alerts", "ham-codes", "spam-lures", "spam-offers"]


def held_out():
    automated = set()
    for kind in footers_module.AUTOMATED["modern"]:
        automated.update(lines(os.path.join(corpus, "modern", kind + ".tsv")))
    messages = [l for l in lines(os.path.join(corpus, "modern", "holdout.tsv")) if l in automated]
    for kind in CHECK_AUTOMATED:
        messages += lines(os.path.join(corpus, "modern-check", kind + ".tsv"))
    return [tuple(l.split("\t", 1)) for l in messages if not SAYS_STOP.search(l.split("\t", 1)[1])]


def verdicts(model, rows):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        f.write("".join("%s\t%s\n" % row for row in rows))
        path = f.name
    try:
        out = subprocess.run([binary, "classify", "--input", "tsv", "--model", model],
                             stdin=open(path, encoding="utf-8"), check=True, capture_output=True,
                             text=True).stdout
    finally:
        os.unlink(path)
    return [line.split("\t")[0] for line in out.splitlines()]


def counts(rows, said):
    ham = [v for (label, _), v in zip(rows, said) if label == "ham"]
    spam = [v for (label, _), v in zip(rows, said) if label == "spam"]
    return (sum(v == "spam" for v in ham), len(ham), sum(v == "spam" for v in spam), len(spam))


def main():
    models = sys.argv[1:] or [os.path.join(root, "models", "default.smsmodel")]
    footers = lines(os.path.join(corpus, "opt-out", "footers-check.txt"))
    rows = held_out()
    footed = [(label, "%s %s" % (text, footer)) for footer in footers for (label, text) in rows]
    print("| model | as written: ham flagged | spam caught | with a footer (%d wordings): ham flagged | spam caught |"
          % len(footers))
    print("|---|---|---|---|---|")
    for model in models:
        a = counts(rows, verdicts(model, rows))
        b = counts(footed, verdicts(model, footed))
        print("| %s | %d/%d (%.1f %%) | %d/%d (%.1f %%) | %d/%d (%.1f %%) | %d/%d (%.1f %%) |" % (
            os.path.basename(model), a[0], a[1], 100 * a[0] / a[1], a[2], a[3], 100 * a[2] / a[3],
            b[0], b[1], 100 * b[0] / b[1], b[2], b[3], 100 * b[2] / b[3]))


if __name__ == "__main__":
    main()
