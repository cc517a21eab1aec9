#!/usr/bin/env bash
# End-to-end test of the Compose stack with the simulator: builds both images (deploy/build-image.sh),
# brings up deploy/compose.yaml + deploy/compose.sim.yaml on a free port, waits for both containers to be
# healthy (their image HEALTHCHECKs), then creates, lists, inspects and destroys a runner through the
# gateway's published port, and tears the stack down. Without a Docker engine it says so and skips.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
started=$(date +%s)

skip() {
  echo "SKIPPED compose end-to-end test: $*"
  exit 0
}
fail() {
  echo "FAIL compose end-to-end test: $*"
  exit 1
}

command -v docker >/dev/null || skip "no docker command (install docker.io: scripts/install-deps.sh --deploy)"
command -v docker-compose >/dev/null || skip "no docker-compose (install Debian's docker-compose)"
if ! docker info >/dev/null 2>&1; then
  if command -v dockerd >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "starting dockerd"
    (setsid dockerd >/tmp/gha-gateway-e2e-dockerd.log 2>&1 &)
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  docker info >/dev/null 2>&1 ||
    skip "no Docker engine could be started here ($(tail -n 1 /tmp/gha-gateway-e2e-dockerd.log 2>/dev/null || echo 'dockerd not available'))"
fi

# What this machine cannot do is a skip, said with its reason; what our files get wrong is a failure.
bash "$root/deploy/make-base-image.sh" debian:bookworm-slim ||
  skip "no debian:bookworm-slim image and none could be made with mmdebstrap (no Debian mirror reachable?)"
docker run --rm debian:bookworm-slim true >/dev/null 2>&1 ||
  skip "the Docker engine here cannot run containers ($(docker run --rm debian:bookworm-slim true 2>&1 | tail -n 1))"
build_started=$(date +%s)
if ! bash "$root/deploy/build-image.sh"; then
  docker run --rm debian:bookworm-slim bash -c 'apt-get update -qq' >/dev/null 2>&1 ||
    skip "containers here cannot reach the Debian mirror, so no image can be built"
  fail "deploy/build-image.sh failed (see above)"
fi
build_seconds=$(($(date +%s) - build_started))

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export COMPOSE_PROJECT_NAME="gwe2e$$"
export API_GATEWAY_PORT="$port" GATEWAY_PUBLISH_ADDRESS=127.0.0.1 SIM_CREATING_MS=500 LOG_FORMAT=json
# The webhooks override too, with a secrets file of this test's own (readable by the gateway's uid).
secrets_dir=$(mktemp -d)
webhook_secret="e2e-webhook-secret-$$-0123456789"
printf '%s name=e2e-hook\n' "$webhook_secret" >"$secrets_dir/webhook-secrets"
chmod 0444 "$secrets_dir/webhook-secrets"
export GITHUB_WEBHOOK_SECRETS_PATH="$secrets_dir/webhook-secrets"
compose=(docker-compose -f "$root/deploy/compose.yaml" -f "$root/deploy/compose.sim.yaml"
  -f "$root/deploy/compose.webhooks.yaml")
cleanup() {
  echo "--- gateway log (last lines) ---"
  docker logs --tail 20 "${COMPOSE_PROJECT_NAME}-api-gateway" 2>&1 || true
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$secrets_dir"
}
trap cleanup EXIT

up_started=$(date +%s)
"${compose[@]}" up -d --no-build
health() { docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$1" 2>/dev/null; }
gateway="${COMPOSE_PROJECT_NAME}-api-gateway"
orchestrator="${COMPOSE_PROJECT_NAME}-orchestrator"
redis="${COMPOSE_PROJECT_NAME}-redis"
for _ in $(seq 1 120); do
  [ "$(health "$gateway")" = healthy ] && [ "$(health "$orchestrator")" = healthy ] &&
    [ "$(health "$redis")" = healthy ] && break
  sleep 0.5
done
[ "$(health "$orchestrator")" = healthy ] || fail "orchestrator (simulator) container is $(health "$orchestrator")"
[ "$(health "$redis")" = healthy ] || fail "redis container is $(health "$redis")"
[ "$(health "$gateway")" = healthy ] || fail "gateway container is $(health "$gateway")"
healthy_seconds=$(($(date +%s) - up_started))
echo "ok   gateway, orchestrator and Redis containers healthy after ${healthy_seconds}s"

[ "$(docker exec "$gateway" id -u)" = 10001 ] || fail "gateway does not run as uid 10001"
[ "$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$gateway")" = true ] || fail "gateway root fs is writable"
echo "ok   gateway runs as uid 10001 on a read-only root filesystem"

base="http://127.0.0.1:$port"
# One request: prints the status line's code and keeps the body in $body.
call() {
  local method=$1 path=$2 data=${3:-}
  local out
  if [ -n "$data" ]; then
    out=$(curl -s -m 10 -X "$method" -H 'Content-Type: application/json' -H "X-Request-ID: e2e-$method" \
      -d "$data" -w '\n%{http_code}' "$base$path")
  else
    out=$(curl -s -m 10 -X "$method" -H "X-Request-ID: e2e-$method" -w '\n%{http_code}' "$base$path")
  fi
  body=$(printf '%s' "$out" | sed '$d')
  code=$(printf '%s' "$out" | tail -n 1)
}
json() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {"d": d}))' "$body" "$1"; }

call POST /api/v1/runners '{"scope":"repo","scope_name":"myorg/myrepo","labels":["linux","x64"],"count":1}'
[ "$code" = 200 ] || fail "create answered $code: $body"
id=$(json 'd["data"][0]["runner_id"]')
[ "$(json 'd["message"]')" = "Creados 1 runners exitosamente" ] || fail "create message: $body"
echo "ok   created $id"

call GET /api/v1/runners
[ "$code" = 200 ] || fail "list answered $code: $body"
[ "$(json "[r['runner_id'] for r in d['data']].count('$id')")" = 1 ] || fail "list does not show $id: $body"
echo "ok   listed $id"

call GET "/api/v1/runners/$id"
[ "$code" = 200 ] || fail "status answered $code: $body"
[ "$(json 'd["data"]["runner_id"]')" = "$id" ] || fail "status body: $body"
echo "ok   inspected $id ($(json 'd["data"]["status"]'))"

call DELETE "/api/v1/runners/$id"
[ "$code" = 200 ] || fail "destroy answered $code: $body"
[ "$(json 'd["data"]["destroyed"]')" = True ] || fail "destroy body: $body"
call GET "/api/v1/runners/$id"
[ "$code" = 404 ] || fail "destroyed runner answered $code: $body"
echo "ok   destroyed $id (then 404)"

# Idempotency-Key through the stack's Redis: the second create is the first one's answer again.
idempotent() {
  curl -s -m 10 -D - -H 'Content-Type: application/json' -H 'Idempotency-Key: e2e-order-1' \
    -d '{"scope":"repo","scope_name":"myorg/myrepo","count":1}' "$base/api/v1/runners"
}
first=$(idempotent)
second=$(idempotent)
grep -q '^HTTP/1.1 200' <<<"$first" || fail "idempotent create answered: $first"
grep -qi '^Idempotent-Replayed: true' <<<"$second" || fail "the same Idempotency-Key was not replayed: $second"
[ "$(docker exec "$redis" redis-cli --scan --pattern 'gha-gateway:idem:*' | wc -l)" = 1 ] ||
  fail "no idempotency record in the stack's Redis"
echo "ok   Idempotency-Key replayed from the stack's Redis"

# A workflow_job delivery signed as GitHub signs it: 202 at once, then its runner in the list.
delivery=$(python3 - "$base" "$webhook_secret" <<'PY'
import hashlib, hmac, json, sys, urllib.request
base, secret = sys.argv[1], sys.argv[2].encode()
body = json.dumps({"action": "queued", "workflow_job": {"id": 4242, "run_attempt": 1,
                   "labels": ["self-hosted", "linux"]}, "repository": {"full_name": "myorg/myrepo"}}).encode()
request = urllib.request.Request(base + "/webhooks/github", data=body, headers={
    "Content-Type": "application/json", "X-GitHub-Event": "workflow_job",
    "X-GitHub-Delivery": "e2e-0001", "X-Hub-Signature-256": "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()})
try:
    print(urllib.request.urlopen(request, timeout=10).status)
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
PY
)
[ "$delivery" = 202 ] || fail "signed webhook delivery answered $delivery"
# The simulator numbers runners (runner-N) whatever name is asked: the job's create shows in /metrics.
created=0
for _ in $(seq 1 40); do
  created=$(curl -s -m 5 "$base/metrics" | sed -n 's/^gha_gateway_webhook_jobs_total{result="created"} //p')
  [ "${created:-0}" = 1 ] && break
  sleep 0.5
done
[ "${created:-0}" = 1 ] || fail "the webhook job's runner was not created (jobs created: ${created:-none})"
[ "$(docker exec "$redis" redis-cli XLEN gha-gateway:wh:jobs)" = 0 ] || fail "the job is still in the Redis stream"
echo "ok   a signed workflow_job delivery made one runner through the stack's Redis stream"

call GET /api/v1/health
[ "$(json 'd["data"]["orchestrator"]')" = healthy ] || fail "health: $body"
metrics=$(curl -s -m 5 "$base/metrics")
grep -q 'gha_gateway_requests_total{route="/api/v1/runners",method="POST",status="200"} 3' <<<"$metrics" ||
  fail "/metrics does not show the creates"
grep -q '^gha_gateway_redis_connections_up [1-9]' <<<"$metrics" || fail "/metrics shows no Redis connection up"
logs=$(docker logs "$gateway" 2>&1)
grep -q '"request_id":"e2e-POST"' <<<"$logs" || fail "the JSON log has no line with the request id"
echo "ok   health, /metrics and the JSON log with the request id"

size=$(docker image inspect --format '{{.Size}}' "gha-gateway:$(sed -n 's/^project(gha-gateway VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")")
echo "compose end-to-end test passed: images built in ${build_seconds}s, stack healthy in ${healthy_seconds}s," \
  "gateway image $((size / 1024 / 1024)) MiB, whole test $(($(date +%s) - started))s"
