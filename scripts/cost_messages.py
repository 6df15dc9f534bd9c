"""The messages scripts/model-cost.py and scripts/compare-builds.py time: the corpus lines, a
4 KB mail made of the first train.tsv messages, and a bulk file of every line ten times over."""
import os


def corpus_lines(shared):
    """train.tsv and test.tsv's `label<TAB>text` lines, in that order."""
    lines = []
    for name in ("train.tsv", "test.tsv"):
        with open(os.path.join(shared, "corpus", name), encoding="utf-8", errors="replace") as f:
            lines += [l.rstrip("\n") for l in f if l.strip()]
    return lines


def four_kilobyte_mail(texts):
    """A plain mail whose body is the first messages of `texts`, about 4 KB."""
    body, i = "", 0
    while len(body) < 4000:
        body += texts[i] + "\n"
        i += 1
    return ("From: a@example.org\nTo: b@example.org\nSubject: hello\nMessage-ID: <x@example.org>\n"
            "Date: Thu, 3 Dec 2026 05:00:00 +0000\n\n" + body).encode()


def write_bulk(lines, path):
    """Every line ten times over, as `classify --input tsv` reads them."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines * 10) + "\n")
