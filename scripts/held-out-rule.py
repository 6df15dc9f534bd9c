#!/usr/bin/env python3
"""Applies the bundled recipe's threshold rule to held-out score files and prints each corpus's
figures at the threshold it gives: a way to compare score files made outside `smsfilter train`
(other seeds averaged, another model, two models combined) with the recipe's own nested scores,
under the same rule.

Score files are what `smsfilter train --held-out-scores FILE` writes (`label<TAB>score<TAB>corpus
<TAB>text`); scripts/linear-baseline.py writes the same. With several files, a message's score is
the mean of its scores (every file must score the same messages), or with `--combine W` two
files' standardized logits mixed W : 1 - W.

The rule is `EvaluationMetrics.chooseThreshold` with the caps of scripts/train-bundled.sh: among
thresholds (midway between neighbouring scores) that keep UCI's ham false positives at or below
0.3 % and each written set's at or below 3 %, those within .005 of the best MCC over the
threshold corpora form a plateau, and its median is the threshold.

Usage: scripts/held-out-rule.py FILE [FILE…] [--combine W]
"""
import math
import statistics
import sys

THRESHOLD_CORPORA = {"uci": 0.003, "modern": 0.03, "modern-train": 0.03, "modern-train2": 0.03}
REPORTED = ["uci", "thai", "indonesian", "modern", "modern-train", "modern-train2",
            "modern-train4", "spamassassin", "modern-mail", "nus"]


def load(path):
    """(corpus, text, label) → the scores of that message, in file order (texts can repeat)."""
    scores = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, score, corpus, text = line.rstrip("\n").split("\t", 3)
            scores.setdefault((corpus, text, label), []).append(float(score))
    return scores


def logit(p):
    p = min(max(p, 1e-7), 1 - 1e-7)
    return math.log(p / (1 - p))


def merged(paths, combine):
    files = [load(p) for p in paths]
    keys = [k for k in files[0] if all(k in f and len(f[k]) == len(files[0][k]) for f in files)]
    missing = sum(len(v) for v in files[0].values()) - sum(len(files[0][k]) for k in keys)
    if missing:
        sys.exit(f"held-out-rule: {missing} messages of {paths[0]} are not in every file")
    rows = [(k[0], k[2] == "spam", [f[k][i] for f in files])
            for k in keys for i in range(len(files[0][k]))]
    if combine is None:
        return [(c, y, sum(s) / len(s)) for c, y, s in rows]
    if len(paths) != 2:
        sys.exit("held-out-rule: --combine mixes exactly two files")
    spread = [statistics.pstdev(logit(s[i]) for _, _, s in rows) for i in (0, 1)]
    out = []
    for c, y, s in rows:
        z = combine * logit(s[0]) / spread[0] + (1 - combine) * logit(s[1]) / spread[1]
        out.append((c, y, 1 / (1 + math.exp(-z))))
    return out


def mcc(tp, fp, tn, fn):
    d = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / d if d else 0.0


def threshold(rows, tolerance=0.005):
    chosen = sorted((r for r in rows if r[0] in THRESHOLD_CORPORA), key=lambda r: -r[2])
    positives = sum(1 for r in chosen if r[1])
    negatives = len(chosen) - positives
    ham = {c: sum(1 for r in chosen if r[0] == c and not r[1]) for c in THRESHOLD_CORPORA}
    flagged = dict.fromkeys(THRESHOLD_CORPORA, 0)
    tp = fp = 0
    candidates = []
    k = 0
    while k < len(chosen):
        score = chosen[k][2]
        while k < len(chosen) and chosen[k][2] == score:
            if chosen[k][1]:
                tp += 1
            else:
                fp += 1
                flagged[chosen[k][0]] += 1
            k += 1
        following = chosen[k][2] if k < len(chosen) else 0
        within = all(ham[c] == 0 or flagged[c] / ham[c] <= cap for c, cap in THRESHOLD_CORPORA.items())
        if within:
            candidates.append(((score + following) / 2, mcc(tp, fp, negatives - fp, positives - tp)))
    if not candidates:
        sys.exit("held-out-rule: no threshold keeps every corpus within its cap")
    best = max(m for _, m in candidates)
    plateau = sorted(t for t, m in candidates if m >= best - tolerance)
    return plateau[len(plateau) // 2]


def counts(rows, at):
    tp = sum(1 for _, y, s in rows if y and s >= at)
    fp = sum(1 for _, y, s in rows if not y and s >= at)
    spam = sum(1 for _, y, _ in rows if y)
    return tp, fp, len(rows) - spam - fp, spam - tp


def main(argv):
    combine = None
    if "--combine" in argv:
        i = argv.index("--combine")
        combine = float(argv[i + 1])
        del argv[i:i + 2]
    if not argv:
        sys.exit(__doc__.strip().splitlines()[-1])
    rows = merged(argv, combine)
    at = threshold(rows)
    print(f"threshold {at:.4f} ({len(argv)} file(s){'' if combine is None else f', combined {combine}'})")
    for corpus in REPORTED:
        part = [r for r in rows if r[0] == corpus]
        if not part:
            continue
        tp, fp, tn, fn = counts(part, at)
        print(f"  {corpus:14s} MCC {mcc(tp, fp, tn, fn):.3f}  ham flagged {fp}/{fp + tn}  spam caught {tp}/{tp + fn}")
    print(f"  {'all':14s} MCC {mcc(*counts(rows, at)):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
