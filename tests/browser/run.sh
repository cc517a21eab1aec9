#!/usr/bin/env bash
# Runs the browser test of /docs and /redoc (docs.test.mjs): installs playwright-core from npm (pinned by
# package-lock.json; no browser download, Debian's chromium is used) and keeps the screenshots in $ARTIFACTS_DIR.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing (scripts/install-deps.sh installs it)"; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
cd "$here"
node docs.test.mjs
exec node cors.test.mjs
