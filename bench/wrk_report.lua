-- wrk script: method and body from BENCH_METHOD / BENCH_BODY, an API key from BENCH_KEY, fresh
-- Idempotency-Keys or signed webhook deliveries when asked; prints one JSON line with the figures.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local key = os.getenv("BENCH_KEY")
wrk.method = method
if key and #key > 0 then
  wrk.headers["Authorization"] = "Bearer " .. key
end

-- Gives each wrk thread its number (thread_number in its own Lua state).
local function number_threads()
  local threads_made = 0
  setup = function(thread)
    threads_made = threads_made + 1
    thread:set("thread_number", threads_made)
  end
end

-- BENCH_FRESH_IDEMPOTENCY_KEYS=1: every request carries an Idempotency-Key never used before: the run's id
-- (BENCH_RUN_ID), the wrk thread's number and a counter.
if os.getenv("BENCH_FRESH_IDEMPOTENCY_KEYS") == "1" then
  number_threads()
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

-- BENCH_WEBHOOK_TEMPLATE=FILE: every request is a new GitHub workflow_job delivery: the file's payload with
-- __JOB_ID__ replaced by a fresh job id, a fresh X-GitHub-Delivery, and X-Hub-Signature-256 computed over the
-- body with BENCH_WEBHOOK_SECRET through LuaJIT's FFI and the system's OpenSSL (as GitHub signs it).
local template_path = os.getenv("BENCH_WEBHOOK_TEMPLATE")
if template_path and #template_path > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct evp_md_st EVP_MD;
    const EVP_MD *EVP_sha256(void);
    unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                        unsigned char *md, unsigned int *md_len);
  ]]
  local crypto = ffi.load("libcrypto.so.3")
  local secret = os.getenv("BENCH_WEBHOOK_SECRET") or ""
  local file = assert(io.open(template_path, "rb"))
  local payload = file:read("*a")
  file:close()
  local at = assert(payload:find("__JOB_ID__", 1, true))
  local before, after = payload:sub(1, at - 1), payload:sub(at + #"__JOB_ID__")
  local mac = ffi.new("unsigned char[32]")
  local mac_length = ffi.new("unsigned int[1]")
  local function signature(text)
    crypto.HMAC(crypto.EVP_sha256(), secret, #secret, text, #text, mac, mac_length)
    local hex = {}
    for i = 0, 31 do hex[#hex + 1] = string.format("%02x", mac[i]) end
    return "sha256=" .. table.concat(hex)
  end
  number_threads()
  local run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())
  local run_number = tonumber(run_id:match("(%d+)$") or "0") % 1000
  local counter = 0
  request = function()
    counter = counter + 1
    local job_id = tostring(run_number * 1000000000000 + thread_number * 10000000000 + counter)
    local text = before .. job_id .. after
    local headers = {["Content-Type"] = "application/json", ["X-GitHub-Event"] = "workflow_job",
                     ["X-GitHub-Delivery"] = run_id .. "-" .. thread_number .. "-" .. counter,
                     ["X-Hub-Signature-256"] = signature(text), ["User-Agent"] = "GitHub-Hookshot/bench"}
    return wrk.format("POST", nil, headers, text)
  end
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
