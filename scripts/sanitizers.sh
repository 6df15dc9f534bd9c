#!/usr/bin/env bash
# The test suite under AddressSanitizer and ThreadSanitizer (docs/ROBUSTNESS.md):
#   scripts/sanitizers.sh [address] [thread]     (default: both)
# Separate scratch paths (.build-asan, .build-tsan) keep the normal .build untouched. Prints
# build and test durations; exits non-zero when a sanitizer reports or a test fails. Logs:
# .build-asan/sanitizer-{build,test}.log and the same under .build-tsan.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
kinds=("$@")
[[ ${#kinds[@]} -gt 0 ]] || kinds=(address thread)
status=0
for kind in "${kinds[@]}"; do
    case $kind in
        address) scratch=.build-asan ;;
        thread) scratch=.build-tsan ;;
        *) echo "sanitizers.sh: address or thread, not $kind" >&2; exit 64 ;;
    esac
    mkdir -p "$scratch"
    log="$scratch/sanitizer-test.log"
    start=$(date +%s)
    swift build --build-tests --sanitize="$kind" --scratch-path "$scratch" >"$scratch/sanitizer-build.log" 2>&1 || {
        echo "$kind: build failed (see $scratch/sanitizer-build.log)"; status=1; continue; }
    built=$(date +%s)
    # The end-to-end tests run the smsfilter binary built into the same scratch path
    # (instrumented too). halt_on_error makes the first report fail the run.
    # SMSFILTER_SANITIZER disables the three tests of an address-space limit or a time bound,
    # which a sanitized binary cannot meet (TestEnvironment.sanitizer).
    SMSFILTER_SANITIZER=$kind ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        swift test --skip-build --sanitize="$kind" --scratch-path "$scratch" >"$log" 2>&1
    rc=$?
    done=$(date +%s)
    reports=$(grep -c -E "ERROR: AddressSanitizer|WARNING: ThreadSanitizer" "$log" || true)
    summary=$(grep -E "Test run with .* (passed|failed)" "$log" | tail -1)
    echo "$kind: build $((built - start)) s, tests $((done - built)) s, exit $rc, sanitizer reports $reports; $summary"
    [[ $rc == 0 && $reports == 0 ]] || status=1
done
exit $status
