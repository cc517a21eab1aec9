#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the run command need.
set -euo pipefail
packages=(
  build-essential cmake ccache pkg-config curl ca-certificates python3
  libcaf-dev libboost-dev libboost-system-dev rapidjson-dev libspdlog-dev libfmt-dev catch2
  wrk nginx-light gnuplot-nox  # the benchmark harness and its smoke test
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
