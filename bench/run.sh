#!/usr/bin/env bash
# Side-by-side benchmark: gha-gateway and nginx (reverse proxy with upstream keep-alive) in front of the
# same upstream, on loopback, load generator on the same box. Writes RESULTS.md, results.json and
# latency.png. `--smoke` runs every scenario for a couple of seconds and checks that each produced
# figures without errors (never a speed); it writes under bench/out/smoke and leaves bench/ untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
if [ $smoke = 1 ]; then
  seconds=${BENCH_SECONDS:-2}; hold_connections=${BENCH_HOLD:-2000}; fixed_rate=${BENCH_RATE:-1000}; rounds=${BENCH_ROUNDS:-1}
  out=${BENCH_OUT:-bench/out/smoke}
else
  seconds=${BENCH_SECONDS:-8}; hold_connections=${BENCH_HOLD:-10000}; fixed_rate=${BENCH_RATE:-5000}; rounds=${BENCH_ROUNDS:-5}
  out=${BENCH_OUT:-bench/out/full}
fi
connections=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_WRK_THREADS:-2}
build_dir=${BUILD_DIR:-build-release}
# Thirteen consecutive loopback ports, the first block from 19400 up in which none is taken (unless given).
port_taken() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port_base() {
  local b p taken
  for b in $(seq 19400 100 29400); do
    taken=0
    for p in $(seq "$b" $((b + 12))); do port_taken "$p" && { taken=1; break; }; done
    [ $taken = 0 ] && { echo "$b"; return; }
  done
  echo "no free block of 13 loopback ports between 19400 and 29412" >&2; return 1
}
base=${BENCH_PORT_BASE:-$(free_port_base)}
up_port=$base; nginx_port=$((base + 1)); gw_port=$((base + 2)); down_port=$((base + 3)); idle_port=$((base + 4))
open_port=$((base + 5)); keyed_port=$((base + 6))
dead_port=$((base + 9))
limited_port=$((base + 7)); shared_port=$((base + 8)); shared_idem_port=$((base + 10)); redis_port=$((base + 11))
webhook_port=$((base + 12))

# --- tools and build ---
need=()
for p in wrk nginx-light gnuplot-nox curl python3 redis-server; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# BENCH_SKIP_BUILD=1 reuses the binaries already in $BUILD_DIR (the test suite's smoke run does).
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  BUILD_DIR=$build_dir BUILD_TYPE=${BUILD_TYPE:-Release} BUILD_TARGETS="gha-gateway gw-bench-client docs_ui" bash scripts/build.sh >/dev/null
fi
case $build_dir in /*) ;; *) build_dir=$root/$build_dir ;; esac
gateway_bin=$build_dir/gha-gateway
client_bin=$build_dir/gw-bench-client

ulimit -n "$(ulimit -Hn)"
rm -rf "$out"; mkdir -p "$out"; out=$(cd "$out" && pwd)
results=$out/results.jsonl
: > "$results"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$out/redis.pid" ] && kill "$(cat "$out/redis.pid")" 2>/dev/null || true
  for conf in upstream proxy; do
    [ -f "$out/$conf.pid" ] && kill "$(cat "$out/$conf.pid")" 2>/dev/null || true
  done
}
trap cleanup EXIT

# S8's fleet: 50 runners, 5 per team for 10 teams, half of each team's by repository and half by organisation.
python3 - > "$out/fleet-runners.json" <<'PY'
import json
runners = []
for i in range(50):
    team = "team-%02d" % (i // 5)
    scope, name = ("repo", team + "/app-%d" % (i % 5)) if i % 2 == 0 else ("org", team)
    runners.append({"runner_id": "runner-%08d" % i, "status": "running", "container_id": "container-%08d" % i,
                    "image": "gha-runner:latest", "created": "2026-11-30T10:00:00.000Z",
                    "labels": {"scope": scope, "scope_name": name}})
print(json.dumps(runners, separators=(",", ":")))
PY
render() { sed -e "s|@OUT@|$out|g" -e "s|@UPSTREAM_PORT@|$up_port|g" -e "s|@NGINX_PORT@|$nginx_port|g" "$1" > "$2"; }
render bench/nginx-upstream.conf.in "$out/nginx-upstream.conf"
render bench/nginx-proxy.conf.in "$out/nginx-proxy.conf"
nginx -c "$out/nginx-upstream.conf" -p "$out" -e "$out/upstream-error.log"
nginx -c "$out/nginx-proxy.conf" -p "$out" -e "$out/proxy-error.log"

# The gateway gets its own session, as the nginx daemons do (they call setsid): with the kernel's
# autogroup scheduling (sched_autogroup_enabled=1 here) a process left in the harness's session would share
# one CPU share with the load generator, while each nginx has a share of its own.
start_gateway() {  # port orchestrator_url_tail log [keys_file] -> prints pid
  # One load generator, one address: the per-client connection share would cap S6 at half the connections.
  API_GATEWAY_HOST=127.0.0.1 API_GATEWAY_PORT=$1 ORCHESTRATOR_URL=http://127.0.0.1:$2 LOG_LEVEL=WARNING \
    HEALTH_CHECK_INTERVAL_SECONDS=0.5 CLIENT_CONNECTION_SHARE=1 API_KEYS_FILE=${4:-} \
    setsid "$gateway_bin" > "$3" 2>&1 &
  echo $!
}
wait_http() {  # url [expected-body-substring]
  for _ in $(seq 1 200); do
    if body=$(curl -s --max-time 1 "$1") && [[ "$body" == *"${2:-}"* ]]; then return 0; fi
    sleep 0.05
  done
  echo "timed out waiting for $1" >&2; return 1
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
peak_kib() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
nginx_peak_kib() {  # master + workers of one nginx instance
  local master; master=$(cat "$out/$1.pid"); local total; total=$(peak_kib "$master")
  for w in $(pgrep -P "$master"); do total=$((total + $(peak_kib "$w"))); done
  echo "$total"
}

gw_pid=$(start_gateway $gw_port $up_port "$out/gateway.log"); pids+=("$gw_pid")
wait_http "http://127.0.0.1:$gw_port/health" '"orchestrator":"healthy"'
# S8: the same 50-runner list through a gateway without keys and one with 31 keys and grants (a key per team,
# ten of them held as SHA-256, and a platform key): a team's key sees its 5 runners; "all" sees all 50 through
# grants (the filter's worst case: every entry read and kept).
keys_file=$out/tenant-keys
for t in $(seq -f "%02g" 0 9); do
  echo "bench-key-team-$t name=team-$t repo:team-$t/* org:team-$t"
  echo "sha256:$(printf %s "bench-hashed-$t" | sha256sum | cut -d' ' -f1) name=hashed-$t repo:team-$t/app-0"
  echo "bench-key-other-$t name=other-$t repo:other-$t/*"
done > "$keys_file"
echo "bench-key-all-teams name=all repo:*/* org:*" >> "$keys_file"
open_pid=$(start_gateway $open_port "$up_port/fleet" "$out/gateway-open.log"); pids+=("$open_pid")
keyed_pid=$(start_gateway $keyed_port "$up_port/fleet" "$out/gateway-keyed.log" "$keys_file"); pids+=("$keyed_pid")
wait_http "http://127.0.0.1:$open_port/health" '"orchestrator":"healthy"'
wait_http "http://127.0.0.1:$keyed_port/health" '"orchestrator":"healthy"'
wait_http "http://127.0.0.1:$nginx_port/healthz"

# S9 and S10, the shared store: Debian's redis-server on loopback (no persistence, as a cache-sized Redis
# would run), a gateway rate-limiting every client in process, one doing it in Redis, and one keeping its
# Idempotency-Key records in Redis without a rate limit. The limit (1e9 per second) is never reached: what is
# measured is the check. A Redis peer's CPU per request counts the gateway's and redis-server's CPU.
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$out/redis.pid" --logfile "$out/redis.log"
for _ in $(seq 1 100); do [ -s "$out/redis.pid" ] && port_taken "$redis_port" && break; sleep 0.05; done
redis_pid=$(cat "$out/redis.pid")
redis_url=redis://127.0.0.1:$redis_port/0
limited_pid=$(RATE_LIMIT_RPS=1000000000 start_gateway $limited_port $up_port "$out/gateway-limited.log"); pids+=("$limited_pid")
shared_pid=$(RATE_LIMIT_RPS=1000000000 REDIS_URL=$redis_url start_gateway $shared_port $up_port "$out/gateway-shared.log"); pids+=("$shared_pid")
shared_idem_pid=$(REDIS_URL=$redis_url start_gateway $shared_idem_port $up_port "$out/gateway-shared-idem.log"); pids+=("$shared_idem_pid")
for port in $limited_port $shared_port $shared_idem_port; do wait_http "http://127.0.0.1:$port/health" '"orchestrator":"healthy"'; done
for port in $shared_port $shared_idem_port; do wait_http "http://127.0.0.1:$port/metrics" 'gha_gateway_redis_connections_up 2'; done

record() { echo "$1" >> "$results"; }

# S11: GitHub workflow_job deliveries of a realistic size (about 12 KB, as GitHub sends them), each a new job
# signed with the webhook secret, to a gateway of its own (its dispatcher creates each job's runner at the
# upstream meanwhile, one at a time).
webhook_secret=bench-webhook-secret-0123456789
python3 - > "$out/webhook-payload.json" <<'PY'
import json
steps = [{"name": "Step %d of the build: checkout, set up toolchain, compile and test" % i, "status": "queued",
          "conclusion": None, "number": i + 1, "started_at": None, "completed_at": None} for i in range(12)]
url = "https://api.github.com/repos/myorg/myrepo"
payload = {
    "action": "queued",
    "workflow_job": {"id": "__JOB_ID__", "run_id": 5501234567, "workflow_name": "CI", "head_branch": "main",
                     "run_url": url + "/actions/runs/5501234567", "run_attempt": 1, "node_id": "CR_kwDOABCD8M8AAAABSomething",
                     "head_sha": "f00dbabe0123456789abcdef0123456789abcdef", "url": url + "/actions/jobs/1",
                     "html_url": "https://github.com/myorg/myrepo/actions/runs/5501234567/job/1", "status": "queued",
                     "conclusion": None, "created_at": "2026-12-01T10:00:00Z", "started_at": "2026-12-01T10:00:00Z",
                     "completed_at": None, "name": "build ubuntu-22", "steps": steps, "check_run_url": url + "/check-runs/1",
                     "labels": ["self-hosted", "linux", "x64"], "runner_id": None, "runner_name": None,
                     "runner_group_id": None, "runner_group_name": None},
    "repository": {"id": 123456789, "node_id": "R_kgDOABCDEF", "name": "myrepo", "full_name": "myorg/myrepo", "private": True,
                   "owner": {"login": "myorg", "id": 9919, "type": "Organization", "site_admin": False},
                   "html_url": "https://github.com/myorg/myrepo", "description": "An application with a CI pipeline",
                   "fork": False, "url": url, "default_branch": "main", "visibility": "private", "topics": ["ci", "runners"]},
    "organization": {"login": "myorg", "id": 9919, "node_id": "O_kgDOABCD", "url": "https://api.github.com/orgs/myorg"},
    "sender": {"login": "octocat", "id": 583231, "type": "User", "site_admin": False},
}
for name in ("hooks", "issues", "members", "public_members", "events", "repos", "pulls", "branches", "tags",
             "languages", "stargazers", "contributors", "subscribers", "subscription", "commits", "git_commits",
             "comments", "issue_comment", "contents", "compare", "merges", "archive", "downloads", "deployments",
             "releases", "milestones", "notifications", "labels", "assignees", "collaborators", "teams", "forks",
             "keys", "blobs", "trees", "statuses", "git_refs", "git_tags"):
    for key in (name + "_url", name + "_api_url", name + "_html_url", name + "_mirror_url"):
        payload["repository"][key] = url + "/" + name + "{/number}"
text = json.dumps(payload).replace('"__JOB_ID__"', "__JOB_ID__")
print(text, end="")
PY
webhook_pid=$(GITHUB_WEBHOOK_SECRET=$webhook_secret WEBHOOK_QUEUE_MAX=10000000 \
  start_gateway $webhook_port $up_port "$out/gateway-webhook.log"); pids+=("$webhook_pid")
wait_http "http://127.0.0.1:$webhook_port/health" '"orchestrator":"healthy"'
webhook_probe() {  # url -> the status of one signed delivery of a fresh job
  python3 - "$1" "$webhook_secret" "$out/webhook-payload.json" <<'PY'
import hashlib, hmac, random, sys, urllib.error, urllib.request
url, secret, path = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
body = open(path).read().replace("__JOB_ID__", str(random.randrange(10**12, 10**13))).encode()
request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json",
    "X-GitHub-Event": "workflow_job", "X-GitHub-Delivery": "probe-%d" % random.randrange(10**12),
    "X-Hub-Signature-256": "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()})
try:
    print(urllib.request.urlopen(request, timeout=5).status)
except urllib.error.HTTPError as e:
    print(e.code)
PY
}
"$client_bin" --mode=hmac --bytes="$(wc -c < "$out/webhook-payload.json")" > "$out/S11-hmac.json"

# CPU time (user and system, clock ticks) of every thread of the given processes: measured around each wrk
# run, it gives CPU per request, a steadier comparison than requests/s when the load generator shares the cores.
cpu_ticks() {  # pid... -> "user system"
  local user=0 system=0 task stat
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      read -r -a stat < "$task/stat" || continue
      user=$((user + stat[13])); system=$((system + stat[14]))
    done
  done
  echo "$user $system"
}
peer_pids() {  # rss_source -> pids
  case $1 in
    gateway) echo "$gw_pid" ;;
    down) echo "$down_pid" ;;
    open) echo "$open_pid" ;;
    keyed) echo "$keyed_pid" ;;
    limited) echo "$limited_pid" ;;
    shared) echo "$shared_pid $redis_pid" ;;
    shared-idem) echo "$shared_idem_pid $redis_pid" ;;
    webhook) echo "$webhook_pid" ;;
    nginx | upstream) local conf=$([ "$1" = nginx ] && echo proxy || echo upstream)
      local master; master=$(cat "$out/$conf.pid"); echo "$master $(pgrep -P "$master" | tr '\n' ' ')" ;;
  esac
}

# run_wrk scenario peer url method body expected_status rss_source
run_wrk() {
  local scenario=$1 peer=$2 url=$3 method=$4 body=$5 expect=$6 rss_source=$7
  local status
  if [ -n "${BENCH_WEBHOOK_TEMPLATE:-}" ]; then
    status=$(webhook_probe "$url")
  else
    status=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" ${body:+-H 'Content-Type: application/json' -d "$body"} \
      ${BENCH_KEY:+-H "Authorization: Bearer $BENCH_KEY"} "$url")
  fi
  local cmd="wrk -t$wrk_threads -c$connections -d${seconds}s --latency -s bench/wrk_report.lua $url"
  [ "$method" != GET ] && cmd="BENCH_METHOD=$method BENCH_BODY='$body' $cmd"
  [ -n "${BENCH_KEY:-}" ] && cmd="BENCH_KEY=<$BENCH_KEY_NAME> $cmd"
  [ "${BENCH_FRESH_IDEMPOTENCY_KEYS:-}" = 1 ] && cmd="BENCH_FRESH_IDEMPOTENCY_KEYS=1 $cmd"
  [ -n "${BENCH_WEBHOOK_TEMPLATE:-}" ] && cmd="BENCH_WEBHOOK_TEMPLATE=webhook-payload.json BENCH_WEBHOOK_SECRET=<secret> $cmd"
  echo "[$scenario/$peer] $cmd" >&2
  local peer_processes; peer_processes=$(peer_pids "$rss_source")
  local before; before=$(cpu_ticks $peer_processes)
  BENCH_METHOD=$method BENCH_BODY=$body wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
    -s bench/wrk_report.lua "$url" > "$out/$scenario-$peer-$round.txt"
  local after; after=$(cpu_ticks $peer_processes)
  local json; json=$(sed -n 's/^WRK_JSON //p' "$out/$scenario-$peer-$round.txt")
  local rss=0
  case $rss_source in gateway | down | open | keyed | limited | webhook) rss=$(peak_kib "$(peer_pids "$rss_source")") ;;
    shared) rss=$(peak_kib "$shared_pid") ;; shared-idem) rss=$(peak_kib "$shared_idem_pid") ;; nginx) rss=$(nginx_peak_kib proxy) ;; upstream) rss=$(nginx_peak_kib upstream) ;; esac
  local ticks_per_second; ticks_per_second=$(getconf CLK_TCK)
  local cpu_user=$(( ${after% *} - ${before% *} )) cpu_system=$(( ${after#* } - ${before#* } ))
  record "{\"scenario\":\"$scenario\",\"peer\":\"$peer\",\"tool\":\"wrk\",\"expected_status\":$expect,\"probe_status\":$status,\"peak_rss_kib\":$rss,\"cpu_user_ticks\":$cpu_user,\"cpu_system_ticks\":$cpu_system,\"ticks_per_second\":$ticks_per_second,\"command\":$(printf '%s' "$cmd" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))'),\"figures\":$json}"
}

# run_rate scenario peer port path method body
run_rate() {
  local scenario=$1 peer=$2 port=$3 path=$4 method=$5 body=$6
  local cmd="gw-bench-client --mode=rate --port=$port --path=$path --method=$method --rate=$fixed_rate --seconds=$seconds --connections=$connections"
  [ -n "$body" ] && cmd="$cmd --body='$body'"
  echo "[$scenario/$peer] $cmd" >&2
  local json
  json=$("$client_bin" --mode=rate --port="$port" --path="$path" --method="$method" ${body:+--body="$body"} \
    --rate="$fixed_rate" --seconds="$seconds" --connections="$connections")
  record "{\"scenario\":\"$scenario\",\"peer\":\"$peer\",\"tool\":\"gw-bench-client\",\"rate\":$fixed_rate,\"command\":$(printf '%s' "$cmd" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))'),\"figures\":$json}"
}

round=1
valid='{"scope":"repo","scope_name":"myorg/myrepo","labels":["linux","x64"],"count":1}'
invalid='{"scope_name":"myorg/myrepo"}'

# Throughput pairs run in alternating order over several rounds (the report takes each peer's median
# round), so neither peer always runs on a warmer or quieter machine.
run_wrk S0 upstream "http://127.0.0.1:$up_port/runners" GET "" 200 upstream
for round in $(seq 1 "$rounds"); do
  pair() {  # scenario gateway-url nginx-url method body status
    if [ $((round % 2)) = 1 ]; then
      run_wrk "$1" gateway "$2" "$4" "$5" "$6" gateway; run_wrk "$1" nginx "$3" "$4" "$5" "$6" nginx
    else
      run_wrk "$1" nginx "$3" "$4" "$5" "$6" nginx; run_wrk "$1" gateway "$2" "$4" "$5" "$6" gateway
    fi
  }
  pair S1 "http://127.0.0.1:$gw_port/api/v1/runners" "http://127.0.0.1:$nginx_port/api/v1/runners" GET "" 200
  pair S2 "http://127.0.0.1:$gw_port/api/v1/runners" "http://127.0.0.1:$nginx_port/api/v1/runners" POST "$valid" 200
  pair S3 "http://127.0.0.1:$gw_port/api/v1/runners" "http://127.0.0.1:$nginx_port/rejected" POST "$invalid" 400
  pair S4 "http://127.0.0.1:$gw_port/healthz" "http://127.0.0.1:$nginx_port/healthz" GET "" 200
  s8_open() { run_wrk S8 open "http://127.0.0.1:$open_port/api/v1/runners" GET "" 200 open; }
  s8_keyed() {
    BENCH_KEY=bench-key-team-03 BENCH_KEY_NAME=team-03 \
      run_wrk S8 tenant "http://127.0.0.1:$keyed_port/api/v1/runners" GET "" 200 keyed
    BENCH_KEY=bench-key-all-teams BENCH_KEY_NAME=all \
      run_wrk S8 tenant-all "http://127.0.0.1:$keyed_port/api/v1/runners" GET "" 200 keyed
  }
  if [ $((round % 2)) = 1 ]; then s8_open; s8_keyed; else s8_keyed; s8_open; fi
  # S9: the same create with and without a fresh Idempotency-Key per request (the in-process store).
  s9_plain() { run_wrk S9 gateway-no-key "http://127.0.0.1:$gw_port/api/v1/runners" POST "$valid" 200 gateway; }
  s9_keyed() {
    BENCH_FRESH_IDEMPOTENCY_KEYS=1 BENCH_RUN_ID="round$round-$RANDOM$RANDOM" run_wrk S9 gateway-fresh-key "http://127.0.0.1:$gw_port/api/v1/runners" POST \
      "$valid" 200 gateway
  }
  s9_redis() {
    BENCH_FRESH_IDEMPOTENCY_KEYS=1 BENCH_RUN_ID="redis-round$round-$RANDOM$RANDOM" run_wrk S9 redis-fresh-key \
      "http://127.0.0.1:$shared_idem_port/api/v1/runners" POST "$valid" 200 shared-idem
  }
  if [ $((round % 2)) = 1 ]; then s9_plain; s9_keyed; s9_redis; else s9_redis; s9_keyed; s9_plain; fi
  # S10: S1's list with no rate limit, rate-limited in process, rate-limited in Redis.
  s10() { run_wrk S10 "$1" "http://127.0.0.1:$2/api/v1/runners" GET "" 200 "$3"; }
  if [ $((round % 2)) = 1 ]; then
    s10 off $gw_port gateway; s10 in-process $limited_port limited; s10 redis $shared_port shared
  else
    s10 redis $shared_port shared; s10 in-process $limited_port limited; s10 off $gw_port gateway
  fi
  BENCH_WEBHOOK_TEMPLATE="$out/webhook-payload.json" BENCH_WEBHOOK_SECRET=$webhook_secret BENCH_RUN_ID="round$round" \
    run_wrk S11 webhook "http://127.0.0.1:$webhook_port/webhooks/github" POST "" 202 webhook
done
curl -s --max-time 2 "http://127.0.0.1:$webhook_port/metrics" | grep -E '^gha_gateway_webhook_(jobs_total|jobs_pending)' \
  > "$out/S11-jobs.txt" || true
kill "$webhook_pid"
# What each S8 peer answered (the tenant sees 5 runners, the others 50).
for peer in "open $open_port" "team-03 $keyed_port bench-key-team-03" "all $keyed_port bench-key-all-teams"; do
  read -r name port key <<< "$peer"
  answer=$(curl -s ${key:+-H "Authorization: Bearer $key"} "http://127.0.0.1:$port/api/v1/runners")
  echo "S8 $name: $(printf '%s' "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["message"])')" >> "$out/S8-answers.txt"
done

# S5: the orchestrator is down and the gateway knows it.
down_pid=$(start_gateway $down_port $dead_port "$out/gateway-down.log"); pids+=("$down_pid")
wait_http "http://127.0.0.1:$down_port/health" '"orchestrator":"unreachable"'
run_wrk S5 gateway "http://127.0.0.1:$down_port/api/v1/runners" GET "" 503 down
run_rate S5 gateway-fixed-rate $down_port /api/v1/runners GET ""
kill "$down_pid"

# S6: many idle keep-alive connections on a fresh gateway.
idle_pid=$(start_gateway $idle_port $up_port "$out/gateway-idle.log"); pids+=("$idle_pid")
wait_http "http://127.0.0.1:$idle_port/health" '"orchestrator":"healthy"'
sleep 1
idle_rss=$(rss_kib "$idle_pid")
hold_cmd="gw-bench-client --mode=hold --port=$idle_port --connections=$hold_connections --seconds=$((seconds + 4))"
echo "[S6/gateway] $hold_cmd" >&2
"$client_bin" --mode=hold --port=$idle_port --connections="$hold_connections" --seconds=$((seconds + 4)) > "$out/S6-hold.txt" &
hold_pid=$!
for _ in $(seq 1 400); do grep -q hold-ready "$out/S6-hold.txt" && break; sleep 0.05; done
held_rss=$(rss_kib "$idle_pid")
fresh_status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$idle_port/api/v1/runners")
open_fds=$(ls "/proc/$idle_pid/fd" | wc -l)
wait $hold_pid || true
hold_json=$(grep -v hold-ready "$out/S6-hold.txt" | tail -1)
record "{\"scenario\":\"S6\",\"peer\":\"gateway\",\"tool\":\"gw-bench-client\",\"command\":\"$hold_cmd\",\"idle_rss_kib\":$idle_rss,\"held_rss_kib\":$held_rss,\"peak_rss_kib\":$(peak_kib "$idle_pid"),\"open_fds\":$open_fds,\"fresh_request_status\":$fresh_status,\"connections\":$hold_connections,\"figures\":$hold_json}"
kill "$idle_pid"

# S7: fixed rate on the list route, through each proxy and straight to the upstream.
run_rate S7 upstream $up_port /runners GET ""
run_rate S7 gateway $gw_port /api/v1/runners GET ""
run_rate S7 nginx $nginx_port /api/v1/runners GET ""

metrics_sample=$(curl -s --max-time 2 "http://127.0.0.1:$gw_port/metrics" | head -c 2000 || true)
printf '%s\n' "$metrics_sample" > "$out/metrics-sample.txt"

python3 bench/report.py "$out" $([ $smoke = 1 ] && echo --check)
if [ $smoke = 0 ]; then
  cp "$out/RESULTS.md" "$out/results.json" "$out/latency.png" bench/
  echo "wrote bench/RESULTS.md, bench/results.json, bench/latency.png" >&2
fi
