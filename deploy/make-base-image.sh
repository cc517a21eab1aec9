#!/usr/bin/env bash
# Makes debian:bookworm-slim from Debian packages when no registry can be reached: mmdebstrap builds a
# minimal bookworm root (no docs, man pages or locales, like the official slim image) and docker imports it.
set -euo pipefail
tag="${1:-debian:bookworm-slim}"
if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base image $tag already present"
  exit 0
fi
command -v mmdebstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap; }
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
echo "building $tag with mmdebstrap from $mirror"
hooks=()
# Merged /usr set up by mmdebstrap itself rather than the usrmerge package (which would pull in perl).
if [ -d /usr/share/mmdebstrap/hooks/merged-usr ]; then hooks+=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr); fi
# As in Docker's official images: apt keeps no .deb files or package caches in image layers.
clean_conf=$(mktemp)
trap 'rm -f "$clean_conf"' EXIT
cat >"$clean_conf" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
mmdebstrap --variant=minbase "${hooks[@]}" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook="upload $clean_conf /etc/apt/apt.conf.d/docker-clean" \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/cache/apt/archives/*.deb' \
  bookworm - "$mirror" "deb http://deb.debian.org/debian-security bookworm-security main" \
  "deb $mirror bookworm-updates main" |
  docker import --change 'CMD ["bash"]' - "$tag"
docker image inspect "$tag" --format '{{.Id}} {{.Size}}'
