#!/usr/bin/env bash
# Builds the gha-gateway and gha-orchestrator-sim images from this checkout, with no image registry:
# debian:bookworm-slim is made from Debian packages first when it is not present (make-base-image.sh).
# Tags: gha-gateway:<version> and gha-orchestrator-sim:<version>, the version being CMakeLists.txt's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^project(gha-gateway VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
bash "$root/deploy/make-base-image.sh" debian:bookworm-slim
# The build stage fetches npm packages over TLS: it trusts the same extra CAs as this host (see Dockerfile).
ca_dir="$root/deploy/build-ca"
rm -rf "$ca_dir" && mkdir -p "$ca_dir"
for crt in /usr/local/share/ca-certificates/*.crt; do
  if [ -f "$crt" ]; then cp "$crt" "$ca_dir/"; fi
done
for target in redis sim gateway; do
  case "$target" in
    gateway) name=gha-gateway ;;
    sim) name=gha-orchestrator-sim ;;
    redis) name=gha-redis ;;
  esac
  echo "building $name:$version (target $target)"
  DOCKER_BUILDKIT=0 docker build --quiet -f "$root/deploy/Dockerfile" --target "$target" \
    -t "$name:$version" -t "$name:latest" "$root"
done
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^(gha-gateway|gha-orchestrator-sim|gha-redis):$version "
