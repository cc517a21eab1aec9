#!/usr/bin/env bash
# Installs the Debian packages, then configures and builds everything into build/ (or $BUILD_DIR).
# BUILD_TYPE=Release|RelWithDebInfo|Debug (default RelWithDebInfo); extra CMake flags in $CMAKE_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" ${CMAKE_FLAGS:-} >/dev/null
cmake --build "$build_dir" -j"${JOBS:-$(nproc)}" ${BUILD_TARGETS:+--target $BUILD_TARGETS}
