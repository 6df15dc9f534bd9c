#!/usr/bin/env python3
"""Time several commands interleaved, one process per run, so machine noise hits all alike.

usage: interleave.py --name A --cmd 'shell words' [--stdin PATH] [--name B --cmd ... [--stdin PATH]]
                     --inputs LIST [--rounds N] [--warmup N] [--out FILE.json]

Each input file (one path per line in LIST) is fed as stdin to every command in turn; the order
of the commands rotates from one input to the next (A B, B A, ...). With --rounds N, the whole
list is gone through N times. Commands are split with shlex and run directly (no shell); in a
command and in its --stdin, '{}' is replaced by the input path and '{stem}' by the path without
its extension. --stdin defaults to '{}' ('-' reads nothing). stdout goes to /dev/null.

Per command it reports the wall times (ms; spawn to reap, as procmail would see them), their
median and p90, the peak RSS (max ru_maxrss of the children, KiB) and the exit codes seen.
"""
import argparse, json, os, shlex, statistics, sys, time


def run_once(argv, stdin_path):
    fd_in = os.open(stdin_path if stdin_path != "-" else os.devnull, os.O_RDONLY)
    fd_out = os.open(os.devnull, os.O_WRONLY)
    try:
        t0 = time.perf_counter_ns()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, fd_in, 0), (os.POSIX_SPAWN_DUP2, fd_out, 1)])
        _, status, usage = os.wait4(pid, 0)
        wall = (time.perf_counter_ns() - t0) / 1e6
    finally:
        os.close(fd_in)
        os.close(fd_out)
    return wall, os.waitstatus_to_exitcode(status), usage.ru_maxrss


def percentile(values, q):
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", action="append", required=True)
    ap.add_argument("--cmd", action="append", required=True)
    ap.add_argument("--stdin", action="append", default=[])
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--out")
    a = ap.parse_args()
    if len(a.name) != len(a.cmd) or len(a.stdin) > len(a.cmd):
        sys.exit("interleave.py: one --name per --cmd, at most one --stdin per --cmd")
    stdins = a.stdin + ["{}"] * (len(a.cmd) - len(a.stdin))
    with open(a.inputs) as f:
        inputs = [l.strip() for l in f if l.strip()]
    cmds = [shlex.split(c) for c in a.cmd]
    def fill(word, path):
        return word.replace("{stem}", os.path.splitext(path)[0]).replace("{}", path)
    def run(i, path):
        return run_once([fill(w, path) for w in cmds[i]], fill(stdins[i], path))
    for path in (inputs * a.warmup)[: a.warmup]:
        for i in range(len(cmds)):
            run(i, path)
    walls = {n: [] for n in a.name}
    rss = {n: 0 for n in a.name}
    codes = {n: {} for n in a.name}
    turn = 0
    for _ in range(a.rounds):
        for path in inputs:
            order = list(range(len(cmds)))
            order = order[turn % len(order):] + order[: turn % len(order)]
            turn += 1
            for i in order:
                wall, code, maxrss = run(i, path)
                n = a.name[i]
                walls[n].append(wall)
                rss[n] = max(rss[n], maxrss)
                codes[n][str(code)] = codes[n].get(str(code), 0) + 1
    result = {}
    for n in a.name:
        w = walls[n]
        result[n] = dict(runs=len(w), median_ms=statistics.median(w), p90_ms=percentile(w, 0.9),
                         min_ms=min(w), max_ms=max(w), peak_rss_kib=rss[n], exit_codes=codes[n],
                         wall_ms=w)
        print(f"{n}: {len(w)} runs, median {result[n]['median_ms']:.2f} ms, p90 {result[n]['p90_ms']:.2f} ms, "
              f"peak RSS {rss[n] / 1024:.1f} MiB, exit codes {codes[n]}", file=sys.stderr)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)


main()
