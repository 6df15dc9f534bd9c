#!/usr/bin/env python3
"""Interleaved start-up timing of whole commands (start-up cost of the installed binary).

Usage: install-startup-timing.py RUNS "label=command args" ... ; STDIN_FILE=path feeds stdin.
Runs the commands in turn (so load changes hit all alike), drops 5 warm-up rounds, prints
median, p10 and p90 wall times in ms."""
import os, sys, time, shlex, statistics
runs = int(sys.argv[1])
cmds = [(a.split('=', 1)[0], shlex.split(a.split('=', 1)[1])) for a in sys.argv[2:]]
devnull = os.open(os.devnull, os.O_RDWR)
stdin_text = os.environ.get('STDIN_FILE')
times = {label: [] for label, _ in cmds}
for i in range(runs + 5):
    for label, argv in cmds:
        fin = os.open(stdin_text, os.O_RDONLY) if stdin_text else devnull
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, dict(os.environ), file_actions=[
            (os.POSIX_SPAWN_DUP2, fin, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        os.waitpid(pid, 0)
        t1 = time.perf_counter_ns()
        if stdin_text: os.close(fin)
        if i >= 5: times[label].append((t1 - t0) / 1e6)
for label, _ in cmds:
    t = sorted(times[label])
    print(f"{label:28s} median {statistics.median(t):7.3f} ms  p10 {t[len(t)//10]:7.3f}  p90 {t[9*len(t)//10]:7.3f}  (n={len(t)})")
