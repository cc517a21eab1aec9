#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/) and runs the whole
# test suite on it; the gateway and simulator processes the integration tests start are sanitized too, and
# the harness fails a test whose processes print a sanitizer report. The benchmark smoke run is left to
# the optimized build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_FLAGS="-DGW_SANITIZE=ON" bash scripts/build.sh
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$(pwd)/tests/ubsan.supp
cd build-asan
ctest --output-on-failure --timeout 900 -E bench_smoke
