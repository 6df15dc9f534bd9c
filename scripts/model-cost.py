#!/usr/bin/env python3
"""The CPU cost of one model file against another, same binary, interleaved: one delivery of a
4 KB mail (`-p -e`), one delivery of an SMS, and bulk scoring of train.tsv and test.tsv ten
times over (`classify --input tsv`), each with its verdicts logged to a fresh store. Prints the
median CPU time (user + sys of the child processes) of each and the ratio B / A.

    scripts/model-cost.py A.smsmodel B.smsmodel [--smsfilter PATH] [--rounds N] [--runs N]

PATH defaults to the binary `make` builds. The messages come from ../shared/corpus.
"""
import argparse, cost_messages, os, resource, shutil, statistics, subprocess, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("a")
p.add_argument("b")
p.add_argument("--smsfilter", default=os.path.join(root, ".build-release-static/release/smsfilter"))
p.add_argument("--rounds", type=int, default=9)
p.add_argument("--runs", type=int, default=200, help="deliveries per round")
p.add_argument("--shared", default=os.path.join(root, "..", "shared"))
a = p.parse_args()

lines = cost_messages.corpus_lines(a.shared)
texts = [l.split("\t", 1)[1] for l in lines]
mail = cost_messages.four_kilobyte_mail(texts)
sms = texts[7].encode()
work = tempfile.mkdtemp(prefix="model-cost.")
bulk = os.path.join(work, "bulk.tsv")
cost_messages.write_bulk(lines, bulk)


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(model, mode):
    store = tempfile.mkdtemp(dir=work)
    env = dict(os.environ, SMSFILTER_MODEL=model, SMSFILTER_DB=os.path.join(store, "s.db"), HOME=store)
    start = cpu()
    if mode == "bulk":
        subprocess.run([a.smsfilter, "classify", "--input", "tsv", bulk], env=env,
                       stdout=subprocess.DEVNULL, check=True)
        return cpu() - start
    payload, args = (mail, ["-p", "-e"]) if mode == "mail" else (sms, [])
    for _ in range(a.runs):
        subprocess.run([a.smsfilter] + args, input=payload, env=env, stdout=subprocess.DEVNULL)
    return (cpu() - start) / a.runs * 1000


try:
    for mode, unit in (("mail", "ms per delivery"), ("sms", "ms per delivery"), ("bulk", "s")):
        times = {"a": [], "b": []}
        for r in range(a.rounds):
            for key in ("a", "b") if r % 2 == 0 else ("b", "a"):
                times[key].append(measure(getattr(a, key), mode))
        ma, mb = statistics.median(times["a"]), statistics.median(times["b"])
        print("%-4s A %.3f  B %.3f %s  ratio B/A %.3f" % (mode, ma, mb, unit, mb / ma))
finally:
    shutil.rmtree(work, ignore_errors=True)
