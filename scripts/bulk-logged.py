#!/usr/bin/env python3
"""Bulk scoring as users run it, beside bogofilter: `smsfilter classify --input tsv FILE` with
the default settings (every verdict logged to a fresh store), the same with `--no-log`, and
`bogofilter -M -T` over the same messages wrapped as an mbox (trained on the training split),
interleaved, medians of wall time.

    scripts/bulk-logged.py [--smsfilter PATH] [--copies N] [--rounds N]

The messages are train.tsv and test.tsv of ../shared/corpus, N times over (default 10: 55,740).
PATH defaults to the binary `make` builds. Needs bogofilter (apt-get install bogofilter).
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("--smsfilter", default=os.path.join(root, ".build-release-static/release/smsfilter"))
p.add_argument("--copies", type=int, default=10)
p.add_argument("--rounds", type=int, default=5)
p.add_argument("--shared", default=os.path.join(root, "..", "shared"))
a = p.parse_args()
if not shutil.which("bogofilter"):
    sys.exit("bulk-logged: needs bogofilter (apt-get install bogofilter)")
work = tempfile.mkdtemp(prefix="bulk-logged.")
train = os.path.join(a.shared, "corpus/train.tsv")
lines = []
for name in ("train.tsv", "test.tsv"):
    with open(os.path.join(a.shared, "corpus", name), encoding="utf-8", errors="replace") as f:
        lines += [l.rstrip("\n") for l in f if l.strip()]
lines = lines * a.copies
tsv = os.path.join(work, "messages.tsv")
with open(tsv, "w", encoding="utf-8") as f:
    f.write("".join(l + "\n" for l in lines))

def mail(text, i):
    return f"From sender@example.org Mon Jan  1 00:00:00 2024\nFrom: sender@example.org\nTo: you@example.org\nSubject: sms {i}\n\n{text}\n\n"

mbox = os.path.join(work, "messages.mbox")
with open(mbox, "w", encoding="utf-8") as f:
    for i, l in enumerate(lines):
        f.write(mail(l.partition("\t")[2], i))
boxes = {lab: open(os.path.join(work, lab + ".mbox"), "w", encoding="utf-8") for lab in ("spam", "ham")}
with open(train, encoding="utf-8", errors="replace") as f:
    for i, l in enumerate(f):
        lab, _, text = l.rstrip("\n").partition("\t")
        boxes["spam" if lab == "spam" else "ham"].write(mail(text, i))
for b in boxes.values():
    b.close()
bogo = os.path.join(work, "bogofilter")
os.makedirs(bogo)
subprocess.run(["bogofilter", "-d", bogo, "-s", "-M"], stdin=open(os.path.join(work, "spam.mbox")), check=True)
subprocess.run(["bogofilter", "-d", bogo, "-n", "-M"], stdin=open(os.path.join(work, "ham.mbox")), check=True)

store = os.path.join(work, "store.sqlite")
runs = {
    "smsfilter classify --input tsv (default: verdicts logged)": ([a.smsfilter, "classify", "--input", "tsv", tsv, "--db", store], None),
    "smsfilter classify --input tsv --no-log": ([a.smsfilter, "classify", "--input", "tsv", tsv, "--no-log"], None),
    "bogofilter -M -T": (["bogofilter", "-d", bogo, "-M", "-T"], mbox),
}
times = {k: [] for k in runs}
for _ in range(a.rounds):
    for k, (cmd, stdin) in runs.items():
        for suffix in ("", "-wal", "-shm", "-verdicts"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        t = time.perf_counter()
        subprocess.run(cmd, stdin=open(stdin, "rb") if stdin else subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times[k].append(time.perf_counter() - t)
base = statistics.median(times["bogofilter -M -T"])
print(f"{len(lines):,} messages, {a.rounds} interleaved rounds, medians:")
for k, v in times.items():
    m = statistics.median(v)
    print(f"  {k}: {m:.2f} s, {len(lines) / m:,.0f} msg/s, time ratio to bogofilter {m / base:.2f}")
shutil.rmtree(work)
