#!/usr/bin/env bash
# Inner-fold validation of the forecaster: backtests that end before the real holdout (the last
# 14 days), so forecaster choices are made without seeing it. nyc_taxi: 14-day holdouts ending
# 14, 28, ..., 84 days before the end; the Twitter series (8 weeks long): 7 and 14 days before.
# Prints the LSTM's MASE per series (mean over folds and seeds) and the mean over series.
#
#   scripts/forecast-inner-folds.sh [--seeds "1 2 3"] [-- extra backtest options]
#   e.g. scripts/forecast-inner-folds.sh -- --hidden 64
#
# Needs ../shared/timeseries and a release binary (BIN, default: make's).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build-release-static/release/smsfilter}
DATA=${DATA:-../shared/timeseries}
SEEDS="1 2 3"
MODEL=${MODEL:-lstm}
while [ $# -gt 0 ]; do
    case "$1" in
        --seeds) SEEDS=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "usage: $0 [--seeds \"1 2 3\"] [-- backtest options]" >&2; exit 2 ;;
    esac
done
[ -x "$BIN" ] || { echo "no binary at $BIN (run make)" >&2; exit 2; }
[ -d "$DATA" ] || { echo "no $DATA" >&2; exit 2; }

folds() {
    case "$1" in
        nyc_taxi) echo "14 28 42 56 70 84" ;;
        *) echo "7 14" ;;
    esac
}

total=0; count=0
for name in nyc_taxi Twitter_volume_AAPL Twitter_volume_AMZN Twitter_volume_FB; do
    sum=0; n=0; seedmeans=""
    for seed in $SEEDS; do
        ssum=0; sn=0
        for drop in $(folds "$name"); do
            mase=$("$BIN" forecast backtest --csv "$DATA/$name.csv" --holdout-days 14 --drop-last-days "$drop" \
                --models "$MODEL" --seed "$seed" --json "$@" | sed 's/.*"mase": \([0-9.]*\).*/\1/')
            ssum=$(echo "$ssum + $mase" | bc -l); sn=$((sn + 1))
        done
        smean=$(echo "$ssum / $sn" | bc -l)
        seedmeans="$seedmeans $(printf '%.3f' "$smean")"
        sum=$(echo "$sum + $smean" | bc -l); n=$((n + 1))
    done
    mean=$(echo "$sum / $n" | bc -l)
    printf '%-22s %.3f  (seeds:%s)\n' "$name" "$mean" "$seedmeans"
    total=$(echo "$total + $mean" | bc -l); count=$((count + 1))
done
printf '%-22s %.3f\n' "mean" "$(echo "$total / $count" | bc -l)"
