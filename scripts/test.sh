#!/usr/bin/env bash
# Sets everything up and runs every test (unit and integration) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure --timeout 900
