#!/usr/bin/env bash
# Soak test of the mail hook: scripts/soak.sh [MESSAGES] [PARALLEL] [CAP_MB]
# (defaults 5000, 4, 1024). Uses the release binary (built if missing) and a temporary store; see
# scripts/soak.py and docs/ROBUSTNESS.md. Exit 0 when nothing was lost or altered.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary="${SMSFILTER_BIN:-$root/.build/release/smsfilter}"
[[ -x $binary ]] || (cd "$root" && swift build -c release >/dev/null)
exec python3 "$root/scripts/soak.py" "$binary" "${1:-5000}" "${2:-4}" "${3:-1024}" "$root/Tests/Fixtures/evidence"
