#!/usr/bin/env python3
"""Lay out one train/test split for every filter under WORK.

usage: prepare.py TRAIN.tsv TEST.tsv WORK SAMPLE_SIZE

Writes (never anything beside the corpus):
  WORK/corpus/train.tsv, test.tsv    copies, named as the Keras reference expects ($SMS_CORPUS)
  WORK/mail/train-ham.mbox, train-spam.mbox   each SMS wrapped in a minimal mail (bogofilter -n/-s -M)
  WORK/mail/test/NNNNN.eml           one mail per test message, in test order
  WORK/mail/test.list                their paths, in order (bogofilter -b)
  WORK/mail/test.labels              1 spam / 0 ham, in order
  WORK/sample/NNNNN.eml, NNNNN.tsv   SAMPLE_SIZE test messages, evenly spaced over the test set:
                                     the per-message timing workload (mail, and 1-line corpus)
  WORK/sample.list                   the sample's .eml paths
"""
import os, shutil, sys


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            label, sep, text = line.partition("\t")
            label = label.strip().lower()
            if not sep or label not in ("ham", "spam"):
                sys.exit(f"prepare.py: {path}:{n}: expected 'ham|spam<TAB>text'")
            rows.append((label, text))
    return rows


def mail(text):
    # The smallest mail a filter will take: two headers, a blank line, the SMS as the body.
    return "From: sms@localhost\nSubject: sms\n\n" + text + "\n"


def mbox_entry(text):
    body = mail(text).replace("\nFrom ", "\n>From ")
    return "From sms@localhost Thu Jan  1 00:00:00 2026\n" + body + "\n"


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    train_path, test_path, work, sample_size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    train, test = read_tsv(train_path), read_tsv(test_path)
    for d in ("corpus", "mail/test", "sample"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    shutil.copyfile(train_path, os.path.join(work, "corpus/train.tsv"))
    shutil.copyfile(test_path, os.path.join(work, "corpus/test.tsv"))
    for label in ("ham", "spam"):
        with open(os.path.join(work, f"mail/train-{label}.mbox"), "w", encoding="utf-8") as f:
            f.writelines(mbox_entry(t) for l, t in train if l == label)
    paths = []
    for i, (label, text) in enumerate(test):
        p = os.path.join(work, f"mail/test/{i:05d}.eml")
        with open(p, "w", encoding="utf-8") as f:
            f.write(mail(text))
        paths.append(p)
    with open(os.path.join(work, "mail/test.list"), "w") as f:
        f.writelines(p + "\n" for p in paths)
    with open(os.path.join(work, "mail/test.labels"), "w") as f:
        f.writelines(("1" if l == "spam" else "0") + "\n" for l, _ in test)
    k = min(sample_size, len(test))
    picks = sorted({(j * len(test)) // k for j in range(k)})
    sample = []
    for i in picks:
        label, text = test[i]
        p = os.path.join(work, f"sample/{i:05d}.eml")
        with open(p, "w", encoding="utf-8") as f:
            f.write(mail(text))
        with open(os.path.join(work, f"sample/{i:05d}.tsv"), "w", encoding="utf-8") as f:
            f.write(f"{label}\t{text}\n")
        sample.append(p)
    with open(os.path.join(work, "sample.list"), "w") as f:
        f.writelines(p + "\n" for p in sample)
    spam = sum(1 for l, _ in test if l == "spam")
    print(f"train {len(train)} messages ({sum(1 for l, _ in train if l == 'spam')} spam), "
          f"test {len(test)} ({spam} spam), timing sample {len(sample)}")


main()
