#!/usr/bin/env python3
"""A linear baseline trained on exactly the messages of the bundled recipe, for comparison only
(nothing of it ships): TF-IDF of word 1–2-grams and character 2–5-grams (within words), a linear
SVM with balanced classes and the recipe's corpus weights, scored out of fold (5 folds,
stratified by corpus and label; the folds' seed is 1 unless `--seed`). It writes held-out
scores in the format of `smsfilter train --held-out-scores`, so scripts/held-out-rule.py judges
it by the recipe's threshold rule, alone or combined with the network's scores.

The messages (text, label, corpus) are read from a held-out score file of the recipe, so both
models see the same texts, read the same way (mails as `smsfilter learn` stores them, written
sets with their opt-out footers). Scores are the logistic of the SVM's decision value.

Needs scikit-learn (PyPI), as ../shared/reference/ does; it is not a dependency of smsfilter.

With `--tokens` each text is first read by `smsfilter tokenize` (SMSFILTER, default
.build/release/smsfilter; one process per message, a few minutes): the linear model then sees
the tokens the network reads (shapes such as `<phone>` in place of numbers), not the raw text.

Usage: scripts/linear-baseline.py RECIPE_SCORES OUT [--view words|characters|both] [--tokens] [--seed N]
  e.g. scripts/train-bundled.sh /tmp/m.smsmodel --held-out-scores /tmp/m.scores.tsv
       scripts/linear-baseline.py /tmp/m.scores.tsv /tmp/linear.scores.tsv
       scripts/held-out-rule.py /tmp/linear.scores.tsv
       scripts/held-out-rule.py /tmp/m.scores.tsv /tmp/linear.scores.tsv --combine 0.3
"""
import math
import os
import subprocess
import sys

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

# scripts/train-bundled.sh's --corpus-weight values; every other corpus weighs 1.
WEIGHTS = {"modern": 2, "modern-train": 2, "modern-train2": 2, "modern-train4": 2, "spamassassin": 0.1}


def tokens(text, smsfilter):
    out = subprocess.run([smsfilter, "tokenize"], input=text.encode(), capture_output=True, check=True)
    return " ".join(t for t in out.stdout.decode("utf-8", "replace").split("\n") if t)


def main(argv):
    view = "both"
    seed = 1
    if "--seed" in argv:
        i = argv.index("--seed")
        seed = int(argv[i + 1])
        del argv[i:i + 2]
    tokenized = "--tokens" in argv
    if tokenized:
        argv.remove("--tokens")
    if "--view" in argv:
        i = argv.index("--view")
        view = argv[i + 1]
        del argv[i:i + 2]
    if len(argv) != 2 or view not in ("words", "characters", "both"):
        sys.exit(__doc__.strip().split("Usage: ")[1].splitlines()[0])
    source, out = argv
    texts, spam, corpora = [], [], []
    with open(source, encoding="utf-8") as f:
        for line in f:
            label, _, corpus, text = line.rstrip("\n").split("\t", 3)
            texts.append(text)
            spam.append(label == "spam")
            corpora.append(corpus)
    read = texts
    if tokenized:
        smsfilter = os.environ.get("SMSFILTER", ".build/release/smsfilter")
        read = [tokens(t, smsfilter) for t in texts]
    spam = np.array(spam)
    weight = np.array([WEIGHTS.get(c, 1.0) for c in corpora])
    strata = [f"{c}/{s}" for c, s in zip(corpora, spam)]
    scores = np.zeros(len(texts))
    for train, held in StratifiedKFold(5, shuffle=True, random_state=seed).split(texts, strata):
        views = []
        if view in ("words", "both"):
            views.append(TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2))
        if view in ("characters", "both"):
            views.append(TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2))
        fitted = hstack([v.fit_transform([read[i] for i in train]) for v in views]).tocsr()
        scored = hstack([v.transform([read[i] for i in held]) for v in views]).tocsr()
        model = LinearSVC(C=1.0, class_weight="balanced").fit(fitted, spam[train], sample_weight=weight[train])
        scores[held] = model.decision_function(scored)
    with open(out, "w", encoding="utf-8") as f:
        for text, is_spam, corpus, score in zip(texts, spam, corpora, scores):
            f.write(f"{'spam' if is_spam else 'ham'}\t{1 / (1 + math.exp(-score))}\t{corpus}\t{text}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
