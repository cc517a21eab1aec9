-- wrk script: method and body from BENCH_METHOD / BENCH_BODY, an API key from BENCH_KEY; prints one JSON
-- line with the figures.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local key = os.getenv("BENCH_KEY")
wrk.method = method
if key and #key > 0 then
  wrk.headers["Authorization"] = "Bearer " .. key
end

-- BENCH_FRESH_IDEMPOTENCY_KEYS=1: every request carries an Idempotency-Key never used before: the run's id
-- (BENCH_RUN_ID), the wrk thread's number and a counter.
if os.getenv("BENCH_FRESH_IDEMPOTENCY_KEYS") == "1" then
  local threads_made = 0
  setup = function(thread)
    threads_made = threads_made + 1
    thread:set("thread_number", threads_made)
  end
  local run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())
  local counter = 0
  request = function()
    counter = counter + 1
    wrk.headers["Idempotency-Key"] = run_id .. "-" .. tostring(thread_number) .. "-" .. counter
    return wrk.format()
  end
end

if body and #body > 0 then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"rps":%.1f,"socket_errors":%d,"non_2xx":%d,' ..
    '"p50_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
