#!/usr/bin/env python3
"""Compares two recipes on their nested held-out scores at the same operating point, so that a
recipe which only moved its threshold is not mistaken for a better one.

For each corpus: the ranking (AUC) of A and of B, and the spam B catches when it flags as many
of that corpus's ham as A flags at A's own threshold (the recipe's rule, as
scripts/held-out-rule.py applies it). Then UCI's recall where 0.3 % of its ham is flagged, the
cap the threshold rule gives it. Used for runs Z48 and Z49 (docs/ACCURACY.md).

A and B are score files of `smsfilter train --held-out-scores FILE`, or several joined by
commas (their scores averaged message by message, as held-out-rule.py averages them).

Usage: scripts/compare-held-out.py A[,A2…] B[,B2…]
"""
import bisect
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("held_out_rule", os.path.join(here, "held-out-rule.py"))
rule = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rule)


def by_corpus(rows):
    out = {}
    for corpus, is_spam, score in rows:
        out.setdefault(corpus, []).append((is_spam, score))
    return out


def auc(pairs):
    ham = sorted(s for y, s in pairs if not y)
    spam = [s for y, s in pairs if y]
    if not ham or not spam:
        return float("nan")
    wins = sum(bisect.bisect_left(ham, s) + (bisect.bisect_right(ham, s) - bisect.bisect_left(ham, s)) / 2
               for s in spam)
    return wins / len(ham) / len(spam)


def caught_flagging(pairs, flagged):
    """Spam at or above the lowest threshold that flags at most `flagged` ham."""
    ham = sorted((s for y, s in pairs if not y), reverse=True)
    at = ham[flagged] if flagged < len(ham) else -1.0
    return sum(1 for y, s in pairs if y and s > at)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    rows_a, rows_b = (rule.merged(arg.split(","), None) for arg in argv)
    at = rule.threshold(rows_a)
    a, b = by_corpus(rows_a), by_corpus(rows_b)
    print(f"A's threshold {at:.4f}; per corpus: AUC A / B; spam caught by A and by B with A's ham flagged")
    for corpus in sorted(a):
        if corpus not in b:
            continue
        flagged = sum(1 for y, s in a[corpus] if not y and s >= at)
        spam = sum(1 for y, _ in a[corpus] if y)
        print(f"  {corpus:18s} AUC {auc(a[corpus]):.4f} / {auc(b[corpus]):.4f}  ham flagged {flagged:4d}: "
              f"caught {caught_flagging(a[corpus], flagged)} / {caught_flagging(b[corpus], flagged)} of {spam}")
    for name, part in (("A", a), ("B", b)):
        uci = part.get("uci", [])
        cap = int(0.003 * sum(1 for y, _ in uci if not y))
        spam = sum(1 for y, _ in uci if y)
        if spam:
            print(f"UCI recall with at most {cap} ham flagged (0.3 %), {name}: {caught_flagging(uci, cap) / spam:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
