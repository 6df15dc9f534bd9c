#!/usr/bin/env python3
"""Metrics of a filter's verdicts against the labels (spam is the positive class).

usage: score.py LABELS VERDICTS [--out FILE.json]

LABELS: one 1 (spam) / 0 (ham) per line. VERDICTS: one line per message, in the same order,
ending in `VERDICT SCORE` (whitespace separated): bogofilter -T (`S|H|U 0.99`) or smsfilter
bulk output (`spam|ham|unsure<TAB>0.99`). Only a spam verdict counts as spam: unsure mail is
delivered. AUC is computed from the scores (Mann-Whitney, ties get average ranks).
"""
import argparse, json, math, sys


def auc(labels, scores):
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(labels)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    return (sum(r for r, y in zip(ranks, labels) if y) - pos * (pos + 1) / 2) / (pos * neg)


def metrics(labels, verdicts, scores):
    tp = sum(1 for y, v in zip(labels, verdicts) if y and v == "spam")
    fp = sum(1 for y, v in zip(labels, verdicts) if not y and v == "spam")
    fn = sum(1 for y, v in zip(labels, verdicts) if y and v != "spam")
    tn = len(labels) - tp - fp - fn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return dict(accuracy=(tp + tn) / len(labels), precision=p, recall=r,
                f1=2 * p * r / (p + r) if p + r else 0.0,
                mcc=(tp * tn - fp * fn) / den if den else 0.0,
                fpr=fp / (fp + tn) if fp + tn else 0.0, auc=auc(labels, scores),
                tp=tp, fp=fp, tn=tn, fn=fn, unsure=sum(1 for v in verdicts if v == "unsure"))


VERDICT = {"s": "spam", "spam": "spam", "h": "ham", "ham": "ham", "u": "unsure", "unsure": "unsure"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("labels")
    ap.add_argument("verdicts")
    ap.add_argument("--out")
    a = ap.parse_args()
    labels = [int(l) for l in open(a.labels) if l.strip()]
    verdicts, scores = [], []
    for n, line in enumerate(open(a.verdicts, encoding="utf-8", errors="replace"), 1):
        words = line.split()
        if len(words) < 2 or words[-2].lower() not in VERDICT:
            sys.exit(f"score.py: {a.verdicts}:{n}: expected '... VERDICT SCORE', got {line.strip()!r}")
        verdicts.append(VERDICT[words[-2].lower()])
        scores.append(float(words[-1]))
    if len(verdicts) != len(labels):
        sys.exit(f"score.py: {len(verdicts)} verdicts for {len(labels)} labels")
    m = metrics(labels, verdicts, scores)
    print(json.dumps(m))
    if a.out:
        json.dump(m, open(a.out, "w"), indent=1)


main()
