#!/usr/bin/env python3
"""The CPU cost of smsfilter builds, each with its own model, interleaved: one delivery of a
50-byte SMS, one delivery of a 4 KB mail (`-p -e`), and bulk scoring of train.tsv and test.tsv
ten times over (`classify --input tsv`), verdicts logged to a fresh store per bulk run (one
store per build for the deliveries). Prints the median CPU time (user + sys of the process) of
each and the ratio to the first build. scripts/model-cost.py compares two models on one binary.

    scripts/compare-builds.py LABEL=BINARY@MODEL ... [--deliveries N] [--rounds N]

For example, the version before a change beside the change (each `make` binary copied out):

    scripts/compare-builds.py before=/tmp/old/smsfilter@/tmp/old/default.smsmodel \\
        after=.build-release-static/release/smsfilter@models/default.smsmodel

The messages come from ../shared/corpus (the mail's body: the first train.tsv messages).
"""
import argparse, cost_messages, os, shutil, statistics, subprocess, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("builds", nargs="+", help="LABEL=BINARY@MODEL")
p.add_argument("--deliveries", type=int, default=300, help="deliveries of each kind per build")
p.add_argument("--rounds", type=int, default=5, help="bulk runs per build")
p.add_argument("--shared", default=os.path.join(root, "..", "shared"))
a = p.parse_args()

builds = []
for spec in a.builds:
    label, rest = spec.split("=", 1)
    binary, model = rest.rsplit("@", 1)
    builds.append((label, os.path.abspath(binary), os.path.abspath(model)))

lines = cost_messages.corpus_lines(a.shared)
texts = [l.split("\t", 1)[1] for l in lines]
mail = cost_messages.four_kilobyte_mail(texts)
sms = b"Your parcel is held at the depot, pay the fee at https://evri-redelivery.top today\n"
work = tempfile.mkdtemp(prefix="compare-builds.")
bulk = os.path.join(work, "bulk.tsv")
cost_messages.write_bulk(lines, bulk)


def cpu_of(command, stdin, env):
    """CPU seconds (user + sys) of one process."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    if stdin is not None:
        process.stdin.write(stdin)
    process.stdin.close()
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_utime + usage.ru_stime


def environment(directory):
    return dict(os.environ, HOME=directory, SMSFILTER_DB=os.path.join(directory, "s.db"))


try:
    stores = {label: tempfile.mkdtemp(dir=work) for label, _, _ in builds}
    for kind, payload, args, count, unit, scale in (
            ("sms", sms, [], a.deliveries, "ms", 1000), ("mail", mail, ["-p", "-e"], a.deliveries, "ms", 1000),
            ("bulk", None, ["classify", "--input", "tsv", bulk], a.rounds, "s", 1)):
        times = {label: [] for label, _, _ in builds}
        for n in range(count):
            for label, binary, model in builds if n % 2 == 0 else builds[::-1]:
                store = stores[label] if kind != "bulk" else tempfile.mkdtemp(dir=work)
                times[label].append(scale * cpu_of([binary, "--model", model] + args if kind != "bulk" else
                                                   [binary] + args[:1] + ["--model", model] + args[1:],
                                                   payload, environment(store)))
                if kind == "bulk":
                    shutil.rmtree(store)
        first = statistics.median(times[builds[0][0]])
        for label, _, _ in builds:
            m = statistics.median(times[label])
            print("%-4s %-14s median %8.3f %s  ratio %.3f" % (kind, label, m, unit, m / first))
finally:
    shutil.rmtree(work, ignore_errors=True)
