#!/usr/bin/env python3
"""Seconds per training epoch, smsfilter beside the Keras and PyTorch references (issue 18), in
one run: the reference hyperparameters (E 32, H 64, T 32, batch 32, one network, 3 epochs) on
train.tsv, rounds alternating smsfilter, Keras, PyTorch on one thread. Medians of epochs 2-3
(the first carries start-up and graph tracing). Needs ../shared/reference/run.sh (its first call
builds the virtualenvs, minutes).

    scripts/epoch-peers.py [--smsfilter PATH] [--rounds N]
"""
import argparse, json, os, re, statistics, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("--smsfilter", default=os.path.join(root, ".build-release-static/release/smsfilter"))
p.add_argument("--rounds", type=int, default=3)
p.add_argument("--shared", default=os.path.join(root, "..", "shared"))
a = p.parse_args()
run_sh = os.path.join(a.shared, "reference/run.sh")
train = os.path.join(a.shared, "corpus/train.tsv")
work = tempfile.mkdtemp(prefix="epoch-peers.")


def smsfilter_epochs():
    out = subprocess.run(
        [a.smsfilter, "train", "--corpus", train, "--out", os.path.join(work, "m.smsmodel"),
         "--embedding-dim", "32", "--hidden", "64", "--max-len", "32", "--batch-size", "32",
         "--folds", "0", "--ensemble", "1", "--threshold-folds", "0", "--patience", "99", "--epochs", "3"],
        capture_output=True, text=True, check=True)
    return [float(s) for s in re.findall(r"epoch \d+: .* ([0-9.]+)s \(elapsed", out.stdout + out.stderr)]


def reference_epochs(framework, extra):
    env = dict(os.environ, REF_OUT=os.path.join(work, framework),
               SMS_CORPUS=os.path.join(a.shared, "corpus"))
    out = subprocess.run([run_sh, framework, "--bench", "--epochs", "3", "--seeds", "1"] + extra,
                         capture_output=True, text=True, env=env, check=True)
    line = [l for l in out.stdout.splitlines() if l.startswith("BENCH")][-1]
    return json.loads(line[len("BENCH"):])["epoch_s"]


series = {"smsfilter": [], "keras": [], "pytorch (1 thread)": []}
for r in range(a.rounds):
    series["smsfilter"] += smsfilter_epochs()[1:]
    series["keras"] += reference_epochs("tf", [])[1:]
    series["pytorch (1 thread)"] += reference_epochs("torch", ["--threads", "1"])[1:]
    print(f"round {r + 1}/{a.rounds}: " + ", ".join(f"{k} {v[-2:]}" for k, v in series.items()),
          file=sys.stderr, flush=True)
medians = {k: statistics.median(v) for k, v in series.items()}
fastest_peer = min(medians["keras"], medians["pytorch (1 thread)"])
print(f"{a.rounds} alternating rounds, medians of epochs 2-3 (s per epoch):")
for k, v in medians.items():
    print(f"  {k}: {v:.3f}")
print(f"smsfilter / faster peer: {medians['smsfilter'] / fastest_peer:.2f} (bar: at most 0.5)")
