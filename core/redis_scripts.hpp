// What the gateway asks of Redis: three Lua scripts, each one atomic round trip, and how their arguments are
// built and their answers read. The rate limit is GCRA on Redis's own clock (so the replicas' clocks do not
// matter); an idempotency record is a hash holding the request's fingerprint, the claiming request (its
// owner), and once settled the kept answer; an unsettled record expires after the longest a request can
// take, so a replica that died mid-request does not hold its key for the whole TTL.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/idempotency.hpp"
#include "core/rate_limiter.hpp"

namespace gw {

struct redis_script {
  std::string_view text;
  std::string sha1;  // hex, for EVALSHA
};

// KEYS: bucket; ARGV: µs per request, burst, requests → "PASSED WAIT"
const redis_script& rate_limit_script();
const redis_script& claim_script();   // KEYS: record; ARGV: fingerprint, owner, in-flight ms → verdict text
const redis_script& settle_script();  // KEYS: record; ARGV: owner, answer text ("" releases), TTL ms

std::string rate_limit_redis_key(std::string_view prefix, std::string_view client);
std::string idempotency_redis_key(std::string_view prefix, std::string_view caller, std::string_view key);

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
// The claim script's answer as a claim result; nullopt when it is not one (a bug, or another program's key).
std::optional<idempotency_store::claim_result> claim_from_text(std::string_view text);

}  // namespace gw
