#!/usr/bin/env python3
"""Assemble compare-peers.sh's measurements under WORK into one markdown table with notes.

usage: table.py WORK --keras 0|1 --classify 0|1

Reads only what the script measured in this run: results/*.json, time/*.txt (GNU time -v),
logs/ (epoch lines of `smsfilter train`, the BENCH line of the Keras reference) and
keras/results/tf_lstm.json. A figure that was not measured is shown as '–'.
"""
import argparse, glob, json, os, re, statistics


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def gnu_time(work, name):
    """(wall seconds, peak RSS KiB) from a `/usr/bin/time -v` report, or (None, None)."""
    try:
        text = open(os.path.join(work, "time", name + ".txt")).read()
    except OSError:
        return None, None
    wall = rss = None
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    if m:
        wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        rss = int(m.group(1))
    return wall, rss


def read(path):
    try:
        return open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return ""


def smsfilter_epochs(work):
    """Epoch seconds per round from `network N epoch E: ... 1.23s (elapsed ...)` lines."""
    rounds = []
    for path in sorted(glob.glob(os.path.join(work, "logs", "smsfilter-epochs-*.err"))):
        secs = [float(s) for s in re.findall(r"epoch \d+:.*? ([\d.]+)s \(elapsed", read(path))]
        if secs:
            rounds.append(secs)
    return rounds


def keras_epochs(work):
    rounds = []
    for path in sorted(glob.glob(os.path.join(work, "logs", "keras-epochs-*.out"))):
        for line in read(path).splitlines():
            if line.startswith("BENCH "):
                rounds.append(json.loads(line[6:])["epoch_s"])
    return rounds


def epoch_summary(rounds):
    """(median seconds of epochs after the first, median first epoch) over all rounds."""
    if not rounds:
        return None, None
    later = [s for r in rounds for s in r[1:]] or [s for r in rounds for s in r]
    return statistics.median(later), statistics.median(r[0] for r in rounds)


def f3(x):
    return "–" if x is None else f"{x:.3f}".replace("0.", ".", 1) if 0 <= x < 1 else f"{x:.3f}"


def pct(x):
    return "–" if x is None else f"{100 * x:.2f} %"


def secs(x):
    if x is None:
        return "–"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.1f} s" if x < 100 else f"{x:.0f} s"


def ratio(x, base):
    if x is None or not base:
        return ""
    r = x / base
    return f" ({r:.2f}×)" if r < 10 else f" ({r:.0f}×)"


def mib(kib):
    return "–" if kib is None else f"{kib / 1024:.0f} MiB" if kib >= 10240 else f"{kib / 1024:.1f} MiB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--keras", type=int, default=1)
    ap.add_argument("--classify", type=int, default=1)
    a = ap.parse_args()
    w = a.work

    # accuracy
    sms = load_json(os.path.join(w, "results", "smsfilter-evaluate.json")) or {}
    sms_bulk = load_json(os.path.join(w, "results", "smsfilter-classify-score.json"))
    bogo = load_json(os.path.join(w, "results", "bogofilter-score.json")) or {}
    kres = load_json(os.path.join(w, "keras", "results", "tf_lstm.json")) if a.keras else None
    krun = (kres or {}).get("runs", [{}])[0] if kres else {}
    keras = {}
    if krun:
        keras = dict(accuracy=krun["acc"], precision=krun["precision"], recall=krun["recall"], f1=krun["f1"],
                     mcc=krun["mcc"], fpr=krun["ham_fpr"], auc=krun["auc"], fp=krun["fp"], fn=krun["fn"])

    # training
    sms_train, sms_train_rss = gnu_time(w, "smsfilter-train")
    bogo_walls, bogo_rss = [], None
    for path in sorted(glob.glob(os.path.join(w, "time", "bogofilter-train-spam-*.txt"))):
        r = path.rsplit("-", 1)[1][:-4]
        ws, rs = gnu_time(w, f"bogofilter-train-spam-{r}")
        wh, rh = gnu_time(w, f"bogofilter-train-ham-{r}")
        if ws is not None and wh is not None:
            bogo_walls.append(ws + wh)
            bogo_rss = max(bogo_rss or 0, rs or 0, rh or 0)
    bogo_train = statistics.median(bogo_walls) if bogo_walls else None
    keras_process, keras_train_rss = gnu_time(w, "keras-train") if a.keras else (None, None)
    keras_fit = krun.get("train_total_s") if krun else None
    sms_epoch, sms_first = epoch_summary(smsfilter_epochs(w))
    keras_epoch, keras_first = epoch_summary(keras_epochs(w)) if a.keras else (None, None)

    # filtering
    per = load_json(os.path.join(w, "results", "per-message.json")) or {}
    bulk = load_json(os.path.join(w, "results", "bulk.json")) or {}
    n_test = sum(1 for l in open(os.path.join(w, "mail", "test.labels")) if l.strip())
    def bulk_rate(name):
        b = bulk.get(name)
        return n_test / (b["median_ms"] / 1000) if b else None
    sms_rate, bogo_rate = bulk_rate("smsfilter"), bulk_rate("bogofilter")
    keras_rate = (kres or {}).get("throughput", {}).get("predict_bs256_msg_per_s") if kres else None
    _, sms_filter_rss = gnu_time(w, "smsfilter-filter-rss")
    _, bogo_filter_rss = gnu_time(w, "bogofilter-filter-rss")
    _, sms_bulk_rss = gnu_time(w, "smsfilter-bulk-rss")
    _, bogo_bulk_rss = gnu_time(w, "bogofilter-bulk-rss")

    def per_msg(name):
        p = per.get(name)
        if not p:
            return "–"
        base = per.get("smsfilter", {})
        return (f"{p['median_ms']:.1f} / {p['p90_ms']:.1f} ms"
                + ratio(p["median_ms"], base.get("median_ms")))

    def acc_cells(m, unsure):
        if not m:
            return ["–"] * 9
        return [f3(m["accuracy"]), f3(m["precision"]), f3(m["recall"]), f3(m["f1"]), f3(m["mcc"]),
                pct(m["fpr"]), f"{m['fp']}/{m['fn']}", unsure, f3(m["auc"])]

    sms_unsure = str(sms_bulk["unsure"]) if sms_bulk else "–"
    rows = [
        ["smsfilter"] + acc_cells(sms, sms_unsure) + [
            secs(sms_train), f"{sms_epoch:.2f} s (first {sms_first:.2f})" if sms_epoch else "–",
            per_msg("smsfilter"), f"{sms_rate:,.0f}" if sms_rate else "–",
            f"{mib(sms_filter_rss)} / {mib(sms_bulk_rss)} / {mib(sms_train_rss)}"],
        ["bogofilter " + (read(os.path.join(w, "header.txt")).split("bogofilter ")[-1].strip() or "")]
        + acc_cells(bogo, str(bogo.get("unsure", "–"))) + [
            secs(bogo_train) + ratio(bogo_train, sms_train), "–",
            per_msg("bogofilter"), (f"{bogo_rate:,.0f}" + ratio(bogo_rate, sms_rate)) if bogo_rate else "–",
            f"{mib(bogo_filter_rss)} / {mib(bogo_bulk_rss)} / {mib(bogo_rss)}"],
    ]
    if a.keras:
        rows.append(
            ["Keras LSTM (TF " + str((kres or {}).get("tf_version", "?")) + ", seed 1)"]
            + acc_cells(keras, "–") + [
                secs(keras_fit) + ratio(keras_fit, sms_train),
                (f"{keras_epoch:.2f} s (first {keras_first:.2f})" + ratio(keras_epoch, sms_epoch)) if keras_epoch else "–",
                "–", (f"{keras_rate:,.0f}¹" + ratio(keras_rate, sms_rate)) if keras_rate else "–",
                f"– / – / {mib(keras_train_rss)}"])

    head = ["filter", "acc", "spam P", "spam R", "F1", "MCC", "ham FPR", "FP/FN", "unsure", "AUC",
            "training wall", "s/epoch (median, ref. shape)", "per message: median / p90",
            "bulk msg/s", "peak RSS: filter / bulk / training"]
    lines = []
    lines += [l.rstrip() + "  " for l in read(os.path.join(w, "header.txt")).splitlines()]
    lines += [read(os.path.join(w, "split.txt")).strip(), ""]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines.append("")
    lines.append("Ratios in brackets are to smsfilter (time: above 1 is slower; msg/s: above 1 is faster).")
    filter_cmd = read(os.path.join(w, "results", "smsfilter-filter-command.txt")).strip()
    bulk_cmd = read(os.path.join(w, "results", "smsfilter-bulk-command.txt")).strip()
    notes = [
        "Spam is the positive class; unsure counts as not spam (it is delivered). smsfilter's acc…AUC come from "
        "`smsfilter evaluate --json` at the model's threshold; its unsure count from `classify --input tsv` "
        "with the default cutoffs.",
        "Training wall: smsfilter = `smsfilter train` with its default options (whole process); bogofilter = "
        "`-s -M` on the spam mbox plus `-n -M` on the ham mbox (median of runs); Keras = `model.fit` only, "
        + (f"{secs(keras_process)} for the whole `run.sh tf --seeds 1` process (Python and TF start-up, "
           "prediction, its own throughput loops)." if keras_process else "not run."),
        "s/epoch: 3 epochs with the reference hyperparameters (E 32, H 64, T 32, batch 32), median of epochs 2–3 "
        "over all rounds, first epoch in brackets; smsfilter from its per-epoch stderr lines, Keras from "
        "`run.sh tf --bench --epochs 3 --seeds 1`.",
        f"Per message: one process per message, as procmail runs a filter, process start and model load "
        f"included; {per.get('smsfilter', {}).get('runs', 0)} runs each, smsfilter and bogofilter interleaved. "
        f"smsfilter: `{filter_cmd}`; bogofilter: `bogofilter -p -e`."
        + ("" if a.classify else " (FALLBACK: this smsfilter has no `classify` command; a one-line corpus "
           "is scored with `evaluate` per process.)"),
        f"Bulk: the {n_test} test messages in one process, median of {bulk.get('smsfilter', {}).get('runs', 0)} "
        f"interleaved runs, start-up included. smsfilter: `{bulk_cmd}`; bogofilter: `bogofilter -b -T` "
        "over one mail file per message."
        + ("" if a.classify else " (FALLBACK: `evaluate` instead of `classify --input tsv`.)"),
        "¹ Keras bulk: in-process `model.predict(batch_size=256)` on pre-tokenized ids, as its script measures "
        "it (no process start, no model load)." if a.keras else "",
        "Peak RSS: GNU `time -v` maximum resident set size of one filter run, one bulk run, and training.",
    ]
    lines += ["- " + n for n in notes if n]
    lines += ["", read(os.path.join(w, "footer.txt")).strip()]
    print("\n".join(lines))


main()
