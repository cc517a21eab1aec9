// What the gateway asks of Redis: Lua scripts, each one atomic round trip, and how their arguments are built
// and their answers read. The rate limit is GCRA on Redis's own clock (so the replicas' clocks do not
// matter); an idempotency record is a hash holding the request's fingerprint, the claiming request (its
// owner), and once settled the kept answer; an unsettled record expires after the longest a create can take
// (it runs on past a client's deadline), so a replica that died mid-request does not hold its key for the
// whole TTL. A claim carries the moment, on Redis's clock, after which it must not take effect (a claim
// buffered through a stall and run late would hold a key its client was told is free), and each caller's
// records are indexed (a sorted set by expiry) so that one caller holds at most its share.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/access/rate_limits.hpp"
#include "core/idempotency/idempotency.hpp"

namespace gw {

struct redis_script {
  std::string_view text;
  std::string sha1;  // hex, for EVALSHA
};

// A script and its SHA-1 (hex, OpenSSL's), for EVALSHA.
redis_script make_redis_script(std::string_view lua_text);

// KEYS: bucket; ARGV: µs per request, burst, requests → "PASSED WAIT"
const redis_script& rate_limit_script();
// KEYS: record, caller index; ARGV: fingerprint, owner, in-flight ms, deadline µs on Redis's clock, most
// records per caller, index TTL ms → verdict text (F I D R<answer> Q, or L: too late, nothing done)
const redis_script& claim_script();
// KEYS: record, caller index; ARGV: owner, answer text ("" releases), TTL ms, index TTL ms
const redis_script& settle_script();
// → "SECONDS MICROSECONDS" of Redis's clock; and that text as microseconds (nullopt when it is not).
const redis_script& clock_script();
std::optional<long long> redis_clock_microseconds(std::string_view text);

std::string rate_limit_redis_key(std::string_view prefix, std::string_view client);
std::string idempotency_redis_key(std::string_view prefix, std::string_view caller, std::string_view key);
std::string idempotency_caller_index_key(std::string_view prefix, std::string_view caller);

// The rate limit script's arguments: the interval between requests in µs, and the burst (at least 1).
std::string microseconds_per_request(rate_limits limits);
std::string burst_text(rate_limits limits);
std::string milliseconds_text(std::chrono::milliseconds duration);

// The rate limit script's answer for a batch of requests of one client: the first `passed` pass, the rest
// wait `wait_seconds`. nullopt when it is not one.
struct rate_batch_verdict {
  std::size_t passed = 0;
  int wait_seconds = 0;
};
std::optional<rate_batch_verdict> rate_batch_from_text(std::string_view text);

// A kept answer as the record stores it ("STATUS BODY"), and back.
std::string kept_answer_text(const kept_answer& answer);
// The claim script's answer as a claim result; nullopt when it is not one (a bug, another program's key, or
// 'L': it came too late and did nothing, which the gateway counts as no answer).
std::optional<idempotency_claim_result> claim_from_text(std::string_view text);

}  // namespace gw
