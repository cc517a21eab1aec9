#!/usr/bin/env bash
# Sets everything up and runs the gateway. With no ORCHESTRATOR_URL set, it first starts the orchestrator
# simulator on 127.0.0.1:${SIM_PORT:-8000} and points the gateway at it. Arguments go to gha-gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_TARGETS="gha-gateway gha-orchestrator-sim docs_ui" bash scripts/build.sh
build_dir=${BUILD_DIR:-build}
if [ -z "${ORCHESTRATOR_URL:-}" ]; then
  sim_port=${SIM_PORT:-8000}
  "$build_dir/gha-orchestrator-sim" --host=127.0.0.1 --port="$sim_port" &
  sim_pid=$!
  trap 'kill $sim_pid 2>/dev/null || true' EXIT
  export ORCHESTRATOR_URL="http://127.0.0.1:$sim_port"
  echo "no ORCHESTRATOR_URL given: using the simulator at $ORCHESTRATOR_URL" >&2
fi
"$build_dir/gha-gateway" "$@" &
gateway_pid=$!
trap 'kill -TERM $gateway_pid 2>/dev/null || true; wait $gateway_pid || true; kill ${sim_pid:-} 2>/dev/null || true' EXIT INT TERM
wait $gateway_pid
