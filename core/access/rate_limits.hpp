// A rate limit as configured: RATE_LIMIT_RPS / RATE_LIMIT_BURST per client, AUTH_FAILURE_RPS / _BURST per
// address. Kept in process (stores/rate_limiter) or in Redis (core/redis/redis_scripts' GCRA script).
#pragma once
#include <string_view>

namespace gw {

// A rate of 0 turns the limit off; a burst below 1 counts as 1.
struct rate_limits {
  double rate = 0;
  double burst = 1;
  bool enabled() const { return rate > 0; }
};

// Buckets of tokens, one per client, kept somewhere else (stores/rate_limiter: in process, under locks).
class token_buckets {
 public:
  virtual ~token_buckets() = default;
  // 0 when the request may pass; otherwise the whole seconds to wait before the next token (>= 1).
  virtual int seconds_until_allowed(std::string_view client, rate_limits limits) = 0;
};

}  // namespace gw
