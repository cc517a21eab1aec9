#include "core/redis/redis_scripts.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text/ascii_text.hpp"
#include "core/text/sha256.hpp"

namespace gw {

namespace {
std::string sha1_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha1(), nullptr);
  return hex_of(std::string_view(reinterpret_cast<const char*>(digest), size));
}

redis_script script(std::string_view text) {
  return make_redis_script(text);
}

// Scripts that read TIME must replicate their effects, not themselves (the default from Redis 5 on; Redis 7
// has nothing else, and keeps replicate_commands as a no-op).
// GCRA for a batch of ARGV[3] requests of one client that arrived together: the first k that fit pass;
// the answer is "k WAIT", WAIT being the whole seconds (at least 1) until the next would fit, when k < n.
constexpr std::string_view rate_limit_lua = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2]) * interval
local n = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if tat < now then tat = now end
local k = math.floor((now + tolerance - tat) / interval)
if k > n then k = n end
if k < 0 then k = 0 end
local wait = 0
if k < n then wait = math.max(1, math.ceil((tat + (k + 1) * interval - now - tolerance) / 1000000)) end
if k > 0 then
  tat = tat + k * interval
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.max(1, math.ceil((tat - now) / 1000)))
end
return string.format('%d %d', k, wait)
)lua";

// A claim that Redis runs after ARGV[4] (µs on its clock: when the gateway stopped waiting for it, after a
// stall) does nothing and answers 'L': the client was told 503, and its retry must not find the key taken.
// KEYS[2] indexes the caller's records by expiry: past ARGV[5] of them, its own settled record that expires
// first goes, or 'Q' when all are in flight.
constexpr std::string_view claim_lua = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if now > tonumber(ARGV[4]) then return 'L' end
local r = redis.call('HMGET', KEYS[1], 'f', 'a')
if r[1] then
  if r[1] ~= ARGV[1] then return 'D' end
  if not r[2] then return 'I' end
  return 'R' .. r[2]
end
local now_ms = math.floor(now / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now_ms)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then
  local dropped = false
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if redis.call('EXISTS', id) == 0 or redis.call('HEXISTS', id, 'a') == 1 then
      redis.call('DEL', id)
      redis.call('ZREM', KEYS[2], id)
      dropped = true
      break
    end
  end
  if not dropped then return 'Q' end
end
redis.call('HSET', KEYS[1], 'f', ARGV[1], 'o', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], now_ms + tonumber(ARGV[3]), KEYS[1])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return 'F'
)lua";

constexpr std::string_view settle_lua = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
if redis.call('HGET', KEYS[1], 'o') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'a') == 1 then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], KEYS[1])
else
  local t = redis.call('TIME')
  redis.call('HSET', KEYS[1], 'a', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('ZADD', KEYS[2], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[3]),
             KEYS[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
return 1
)lua";

// Redis's clock, as "SECONDS MICROSECONDS": a connection learns how far it is from the gateway's.
constexpr std::string_view clock_lua = R"lua(
local t = redis.call('TIME')
return t[1] .. ' ' .. t[2]
)lua";
}  // namespace

redis_script make_redis_script(std::string_view lua_text) {
  return {lua_text, sha1_hex(lua_text)};
}

const redis_script& rate_limit_script() {
  static const redis_script s = script(rate_limit_lua);
  return s;
}

const redis_script& claim_script() {
  static const redis_script s = script(claim_lua);
  return s;
}

const redis_script& settle_script() {
  static const redis_script s = script(settle_lua);
  return s;
}

const redis_script& clock_script() {
  static const redis_script s = script(clock_lua);
  return s;
}

std::optional<long long> redis_clock_microseconds(std::string_view text) {
  auto space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  auto seconds = parse_decimal(text.substr(0, space), 99999999999LL);
  auto micros = parse_decimal(text.substr(space + 1), 999999);
  if (!seconds || !micros) return std::nullopt;
  return *seconds * 1000000 + *micros;
}

std::string rate_limit_redis_key(std::string_view prefix, std::string_view client) {
  std::string key(prefix);
  key += "rate:";
  key += client;
  return key;
}

std::string idempotency_caller_index_key(std::string_view prefix, std::string_view caller) {
  std::string text(prefix);
  text += "idem-caller:";
  text += std::to_string(caller.size());
  text += ':';
  text += caller;
  return text;
}

std::string idempotency_redis_key(std::string_view prefix, std::string_view caller, std::string_view key) {
  std::string text(prefix);
  text += "idem:";
  text += idempotency_record_id(caller, key);
  return text;
}

std::string microseconds_per_request(rate_limits limits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", 1e6 / limits.rate);
  return text;
}

std::string burst_text(rate_limits limits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", std::max(1.0, limits.burst));
  return text;
}

std::string milliseconds_text(std::chrono::milliseconds duration) {
  return std::to_string(std::max<long long>(1, duration.count()));
}

std::optional<rate_batch_verdict> rate_batch_from_text(std::string_view text) {
  auto space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  constexpr long long most = 999999999;
  auto passed = parse_decimal(text.substr(0, space), most);
  auto wait = parse_decimal(text.substr(space + 1), most);
  if (!passed || !wait) return std::nullopt;
  return rate_batch_verdict{static_cast<std::size_t>(*passed), static_cast<int>(std::min(*wait, 86400LL))};
}

std::string kept_answer_text(const kept_answer& answer) {
  return std::to_string(answer.status) + " " + answer.body;
}

std::optional<idempotency_claim_result> claim_from_text(std::string_view text) {
  using verdict = idempotency_claim_result::verdict;
  if (text == "F") return idempotency_claim_result{verdict::forward, {}};
  if (text == "I") return idempotency_claim_result{verdict::in_flight, {}};
  if (text == "D") return idempotency_claim_result{verdict::different_request, {}};
  if (text == "Q") return idempotency_claim_result{verdict::caller_full, {}};
  if (text.size() < 5 || text[0] != 'R' || text[4] != ' ') return std::nullopt;
  auto status = parse_decimal(text.substr(1, 3), 999);
  if (!status || *status < 100) return std::nullopt;
  return idempotency_claim_result{verdict::replay,
                                  {static_cast<unsigned>(*status), std::string(text.substr(5))}};
}

}  // namespace gw
