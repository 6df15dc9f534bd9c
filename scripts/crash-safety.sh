#!/usr/bin/env bash
# kill -9 at random points of learn and retrain, then check the store and the active model:
# scripts/crash-safety.sh [ROUNDS] (default 10 per command). See scripts/crash_safety.py.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary="${SMSFILTER_BIN:-$root/.build/release/smsfilter}"
[[ -x $binary ]] || (cd "$root" && swift build -c release >/dev/null)
exec python3 "$root/scripts/crash_safety.py" "$binary" "${1:-10}"
