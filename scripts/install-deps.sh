#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the run command need.
# --deploy adds what the image build and the Compose end-to-end test need (docker.io, docker-compose,
# mmdebstrap). npm packages are installed by the build (docs/ui) and the browser test (tests/browser).
set -euo pipefail
packages=(
  build-essential cmake ccache pkg-config curl ca-certificates python3
  libcaf-dev libboost-dev libboost-system-dev rapidjson-dev libspdlog-dev libfmt-dev catch2
  libssl-dev                     # SHA-256 of API keys held hashed, webhook HMACs (libcrypto)
  libhiredis-dev redis-server    # the shared store (REDIS_URL) and the tests that start Redis
  wrk nginx-light gnuplot-nox    # the benchmark harness and its smoke test
  chromium fonts-liberation      # the browser test of /docs and /redoc
  python3-yaml                   # the Kubernetes manifests test
)
# Swagger UI and ReDoc come from npm at build time; any Node.js with npm will do (Debian's by default).
command -v npm >/dev/null || packages+=(nodejs npm)
if [ "${1:-}" = "--deploy" ]; then
  packages+=(docker.io docker-compose mmdebstrap)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
