#!/usr/bin/env python3
"""Write N typical mails of about SIZE bytes built from a label<TAB>text corpus, for per-message
timing: a real-looking header block (Received chain, DKIM signature, MIME headers, ~2.3 KB) and a
plain-text body of corpus messages. Seeded, so every run times the same mails.

usage: make-mails.py CORPUS.tsv OUTDIR [--count N] [--size BYTES] [--seed S]
Writes OUTDIR/mNN.eml and OUTDIR/list (their paths, one per line).
"""
import argparse, os, random

ap = argparse.ArgumentParser()
ap.add_argument("corpus")
ap.add_argument("outdir")
ap.add_argument("--count", type=int, default=30)
ap.add_argument("--size", type=int, default=4000)
ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
rng = random.Random(a.seed)
with open(a.corpus, encoding="utf-8", errors="replace") as f:
    texts = [line.rstrip("\n").split("\t", 1)[1] for line in f if "\t" in line]
os.makedirs(a.outdir, exist_ok=True)
paths = []
for i in range(a.count):
    header = []
    for hop in range(6):
        header.append(
            f"Received: from mx{hop}.example.net (mx{hop}.example.net [192.0.2.{hop + 10}])\n"
            f"\tby mail.example.org (Postfix) with ESMTPS id 4F{i}{hop}ABCDEF\n"
            f"\tfor <user@example.org>; Thu, 26 Nov 2026 12:{hop:02d}:00 +0000 (UTC)")
    header.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=sel;\n"
                  "\th=from:to:subject:date:message-id; bh=" + "A" * 44 + ";\n\tb=" + "\n\t".join(["B" * 70] * 5))
    header += ["From: Someone <someone@example.net>", "To: user@example.org", f"Subject: message {i}",
               "Date: Thu, 26 Nov 2026 12:00:00 +0000", f"Message-ID: <{i}@example.net>", "MIME-Version: 1.0",
               "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    head = "\n".join(header) + "\n\n"
    body = ""
    while len((head + body).encode()) < a.size:
        body += rng.choice(texts) + "\n"
    path = os.path.join(a.outdir, f"m{i:02d}.eml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + body)
    paths.append(path)
with open(os.path.join(a.outdir, "list"), "w") as f:
    f.write("\n".join(paths) + "\n")
