#!/usr/bin/env python3
"""How the forecaster follows a lasting jump in volume (a spam campaign that stays).

A synthetic hourly series (seeded), 70 days: a daily cycle around a level of 100, noise, and
from day D on a level of 160. `smsfilter forecast backtest` holds out the last 14 days (from
day 56), fitting once before them; prints the MAE of the LSTM and of same hour yesterday for
jumps 26, 16, 6 and 2 days before the holdout, with the default settings and any options
given (`--baseline 0`: the values read as they are, the defaults before 2026-12-02).

Usage: scripts/forecast-level-shift.py [backtest options…]   (SMSFILTER=binary)
"""
import math
import os
import random
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.environ.get("SMSFILTER", os.path.join(root, ".build", "release", "smsfilter"))


def series(jump_day):
    rng = random.Random(5)
    rows = ["timestamp,value"]
    for h in range(24 * 70):
        level = 100 if h < 24 * jump_day else 160
        value = level * (1 + 0.5 * math.sin((h % 24 - 6) / 24 * 2 * math.pi)) + rng.gauss(0, 8) + h * 0.01
        rows.append("%d,%.1f" % (1_700_006_400 + h * 3600, value))
    return "\n".join(rows) + "\n"


def main():
    extra = sys.argv[1:]
    print("| jump, days before the holdout | lstm MAE | same hour yesterday MAE |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for jump_day in (30, 40, 50, 54):
            path = os.path.join(work, "jump.csv")
            with open(path, "w") as f:
                f.write(series(jump_day))
            out = subprocess.run(
                [binary, "forecast", "backtest", "--csv", path, "--holdout-days", "14", "--seed", "1",
                 "--models", "lstm,snaive24"] + extra, capture_output=True, text=True, check=True).stdout
            mae = {line.split()[0]: line.split()[1] for line in out.splitlines() if line.split()[:1] in (["lstm"], ["snaive24"])}
            print("| %d | %s | %s |" % (56 - jump_day, mae["lstm"], mae["snaive24"]))


if __name__ == "__main__":
    main()
