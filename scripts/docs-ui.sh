#!/usr/bin/env bash
# Installs Swagger UI and ReDoc from npm (versions pinned by docs/ui/package-lock.json) and lays out the
# files the gateway serves at /docs and /redoc in the directory given ($1). Run by the build (CMake target
# docs_ui) and by deploy/Dockerfile; nothing is fetched when the pages are opened.
set -euo pipefail
out="${1:?usage: docs-ui.sh <output-dir>}"
here="$(cd "$(dirname "$0")/.." && pwd)"
command -v npm >/dev/null || { echo "docs-ui.sh: npm is needed (scripts/install-deps.sh installs it)" >&2; exit 1; }
work="$out/.npm"
mkdir -p "$work"
cp "$here/docs/ui/package.json" "$here/docs/ui/package-lock.json" "$work/"
(cd "$work" && npm ci --legacy-peer-deps --ignore-scripts --no-audit --no-fund --loglevel=error)
modules="$work/node_modules"
cp "$modules/swagger-ui-dist/swagger-ui.css" "$modules/swagger-ui-dist/swagger-ui-bundle.js" \
  "$modules/swagger-ui-dist/favicon-32x32.png" "$modules/redoc/bundles/redoc.standalone.js" "$out/"
# ReDoc's "API docs by Redocly" footer loads its logo from cdn.redoc.ly: point it at an empty data: URL
# instead (the image fails to decode and ReDoc drops it), so the page makes no request off the host.
sed -i 's#"https://cdn.redoc.ly/redoc/logo-mini.svg"#"data:,"#' "$out/redoc.standalone.js"
if grep -q 'cdn.redoc.ly' "$out/redoc.standalone.js"; then
  echo "docs-ui.sh: redoc.standalone.js still refers to cdn.redoc.ly" >&2
  exit 1
fi
for license in "$modules/swagger-ui-dist/LICENSE" "$modules/redoc/LICENSE"; do
  if [ -f "$license" ]; then cp "$license" "$out/LICENSE.$(basename "$(dirname "$license")")"; fi
done
rm -rf "$work"
touch "$out/.installed"
