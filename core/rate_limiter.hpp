// Optional per-client rate limiting: a token bucket per client (its API key's name when it presented one,
// else its address), refilled at `rate` per second up to `burst`. Shared by every I/O thread: the
// buckets are spread over shards, each behind its own mutex, and idle full buckets are dropped. The limits
// come with each call (they are part of the configuration a reload swaps); the buckets stay.
#pragma once
#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gw {

// A rate of 0 turns the limit off; a burst below 1 counts as 1.
struct rate_limits {
  double rate = 0;
  double burst = 1;
  bool enabled() const { return rate > 0; }
};

class rate_limiter {
 public:
  using clock_type = std::chrono::steady_clock;

  // 0 when the request may pass; otherwise the whole seconds to wait before the next token (>= 1).
  int seconds_until_allowed(std::string_view client, rate_limits limits,
                            clock_type::time_point now = clock_type::now());
  // The same answer without taking a token (a client never seen has a full bucket).
  int seconds_until_token(std::string_view client, rate_limits limits,
                          clock_type::time_point now = clock_type::now());

 private:
  struct bucket {
    double tokens;
    clock_type::time_point updated;
  };
  struct shard {
    std::mutex mutex;
    std::unordered_map<std::string, bucket> buckets;
  };
  static constexpr std::size_t shard_count = 16;
  static constexpr std::size_t max_buckets_per_shard = 4096;

  std::array<shard, shard_count> shards_;
};

}  // namespace gw
