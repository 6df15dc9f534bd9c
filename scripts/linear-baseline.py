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

With `--padding` (and no OUT) it asks what padding does to it instead: trained on four folds, it
scores 60 of the fifth fold's written-set lures that it catches alone, each with k chat
messages of the fifth fold (UCI and NUS ham) after it, around it and before it, and 150
concatenations of k chat messages, at the threshold the rule gave it alone (0.5614, seed 1).

Usage: scripts/linear-baseline.py RECIPE_SCORES OUT [--view words|characters|both] [--tokens] [--seed N]
       scripts/linear-baseline.py RECIPE_SCORES --padding
  e.g. scripts/train-bundled.sh /tmp/m.smsmodel --held-out-scores /tmp/m.scores.tsv
       scripts/linear-baseline.py /tmp/m.scores.tsv /tmp/linear.scores.tsv
       scripts/held-out-rule.py /tmp/linear.scores.tsv
       scripts/held-out-rule.py /tmp/m.scores.tsv /tmp/linear.scores.tsv --combine 0.3
"""
import math
import os
import random
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


def views(view):
    made = []
    if view in ("words", "both"):
        made.append(TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2))
    if view in ("characters", "both"):
        made.append(TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2))
    return made


def padding(texts, spam, corpora, weight, strata, threshold=0.5614):
    train, held = next(iter(StratifiedKFold(5, shuffle=True, random_state=1).split(texts, strata)))
    made = views("both")
    fitted = hstack([v.fit_transform([texts[i] for i in train]) for v in made]).tocsr()
    model = LinearSVC(C=1.0, class_weight="balanced").fit(fitted, spam[train], sample_weight=weight[train])

    def caught(batch):
        scored = hstack([v.transform(batch) for v in made]).tocsr()
        return int((1 / (1 + np.exp(-model.decision_function(scored))) >= threshold).sum())

    written = ("modern", "modern-train", "modern-train2", "modern-train4")
    lures = [texts[i] for i in held if spam[i] and corpora[i] in written]
    chat = [texts[i] for i in held if not spam[i] and corpora[i] in ("uci", "nus")]
    lures = [t for t in lures if caught([t])]
    generator = random.Random(1)
    generator.shuffle(lures)
    lures = lures[:60]
    print("k chat messages | lure first | lure in the middle | lure last | chat flagged (of 150)")
    for k in (3, 6, 12, 24):
        first, middle, last = [], [], []
        for lure in lures:
            around = generator.sample(chat, k)
            first.append(" ".join([lure] + around))
            middle.append(" ".join(around[:k // 2] + [lure] + around[k // 2:]))
            last.append(" ".join(around + [lure]))
        chats = [" ".join(generator.sample(chat, k)) for _ in range(150)]
        print(f"{k} | {caught(first)} | {caught(middle)} | {caught(last)} of {len(lures)} | {caught(chats)}")


def main(argv):
    view = "both"
    padded = "--padding" in argv
    if padded:
        argv.remove("--padding")
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
    if len(argv) != (1 if padded else 2) or view not in ("words", "characters", "both"):
        sys.exit("usage: " + __doc__.strip().split("Usage: ")[1])
    source, out = argv[0], argv[-1]
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
    if padded:
        padding(texts, spam, corpora, weight, strata)
        return
    scores = np.zeros(len(texts))
    for train, held in StratifiedKFold(5, shuffle=True, random_state=seed).split(texts, strata):
        made = views(view)
        fitted = hstack([v.fit_transform([read[i] for i in train]) for v in made]).tocsr()
        scored = hstack([v.transform([read[i] for i in held]) for v in made]).tocsr()
        model = LinearSVC(C=1.0, class_weight="balanced").fit(fitted, spam[train], sample_weight=weight[train])
        scores[held] = model.decision_function(scored)
    with open(out, "w", encoding="utf-8") as f:
        for text, is_spam, corpus, score in zip(texts, spam, corpora, scores):
            f.write(f"{'spam' if is_spam else 'ham'}\t{1 / (1 + math.exp(-score))}\t{corpus}\t{text}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
