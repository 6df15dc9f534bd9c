#!/usr/bin/env python3
"""Asks whether a UCI-only expert, consulted only for messages that read like UCI's 2000s texts,
wins back UCI recall without costing today's messages (docs/ACCURACY.md, run Z33; nothing of it
ships).

Three readings of the bundled recipe's training messages, all out of fold (5 folds by a hash of
the text, so no message is scored by a model that saw it):
- the recipe's own nested score p (from RECIPE_SCORES, `smsfilter train --held-out-scores`);
- m, the margin of a linear SVM (TF-IDF word 1-2-grams and character 2-5-grams within words,
  balanced classes) trained on UCI `train.tsv` alone: out of fold for UCI's messages, the model
  of all of UCI for the other corpora's;
- g, a logistic-regression gate on the same features, trained to tell UCI's and NUS's texts
  (2000s and 2010s person-to-person SMS) from the other corpora's.

A message's combined score is σ(logit(p) + α·f(g)·m), with f one of: `add` (g), `addpos` (g,
and m only when positive: the expert may only add spam evidence), `sq` (g²). OUT is a score file
for scripts/held-out-rule.py, which applies the recipe's threshold rule.

Needs scikit-learn (PyPI); it is not a dependency of smsfilter. The three fits take about three
minutes; `--cache DIR` keeps m and g for further α and f.

Usage: scripts/gated-uci-expert.py RECIPE_SCORES OUT [--alpha A] [--mode add|addpos|sq] [--cache DIR]
  e.g. scripts/train-bundled.sh /tmp/m.smsmodel --held-out-scores /tmp/m.scores.tsv
       scripts/gated-uci-expert.py /tmp/m.scores.tsv /tmp/gated.scores.tsv --alpha 2
       scripts/held-out-rule.py /tmp/gated.scores.tsv
"""
import argparse
import hashlib
import math
import os

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

FOLDS = 5
OLD_STYLE = {"uci", "nus"}


def featurizer(texts, fitted_on):
    words = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))
    chars = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2)
    words.fit([texts[i] for i in fitted_on])
    chars.fit([texts[i] for i in fitted_on])

    def features(indices):
        chosen = [texts[i] for i in indices]
        return hstack([words.transform(chosen), chars.transform(chosen)]).tocsr()

    return features


def readings(texts, labels, corpora):
    n = len(texts)
    fold = np.array([int(hashlib.sha256(t.encode()).hexdigest(), 16) % FOLDS for t in texts])
    uci = np.where(corpora == "uci")[0]
    margin = np.zeros(n)
    for f in range(FOLDS):
        train, test = uci[fold[uci] != f], uci[fold[uci] == f]
        features = featurizer(texts, train)
        svm = LinearSVC(C=1, class_weight="balanced").fit(features(train), labels[train])
        margin[test] = svm.decision_function(features(test))
    others = np.where(corpora != "uci")[0]
    features = featurizer(texts, uci)
    svm = LinearSVC(C=1, class_weight="balanced").fit(features(uci), labels[uci])
    margin[others] = svm.decision_function(features(others))

    old_style = np.isin(corpora, list(OLD_STYLE))
    gate = np.zeros(n)
    for f in range(FOLDS):
        train, test = np.where(fold != f)[0], np.where(fold == f)[0]
        features = featurizer(texts, train)
        model = LogisticRegression(C=4, max_iter=2000, class_weight="balanced")
        model.fit(features(train), old_style[train])
        gate[test] = model.predict_proba(features(test))[:, 1]
    return margin, gate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recipe_scores")
    parser.add_argument("out")
    parser.add_argument("--alpha", type=float, default=2)
    parser.add_argument("--mode", choices=["add", "addpos", "sq"], default="add")
    parser.add_argument("--cache")
    args = parser.parse_args()

    with open(args.recipe_scores, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t", 3) for line in f]
    texts = [r[3][:2000] for r in rows]
    labels = np.array([r[0] == "spam" for r in rows])
    corpora = np.array([r[2] for r in rows])

    cached = args.cache and os.path.exists(os.path.join(args.cache, "margin.npy"))
    if cached:
        margin = np.load(os.path.join(args.cache, "margin.npy"))
        gate = np.load(os.path.join(args.cache, "gate.npy"))
    else:
        margin, gate = readings(texts, labels, corpora)
        if args.cache:
            os.makedirs(args.cache, exist_ok=True)
            np.save(os.path.join(args.cache, "margin.npy"), margin)
            np.save(os.path.join(args.cache, "gate.npy"), gate)

    with open(args.out, "w", encoding="utf-8") as out:
        for i, (label, score, corpus, text) in enumerate(rows):
            p = min(max(float(score), 1e-7), 1 - 1e-7)
            weight = {"add": gate[i], "addpos": gate[i], "sq": gate[i] ** 2}[args.mode]
            evidence = max(margin[i], 0) if args.mode == "addpos" else margin[i]
            z = math.log(p / (1 - p)) + args.alpha * weight * evidence
            out.write(f"{label}\t{1 / (1 + math.exp(-max(min(z, 50), -50)))}\t{corpus}\t{text}\n")


if __name__ == "__main__":
    main()
