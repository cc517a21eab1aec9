// The in-process rate limiter: a token bucket per client (its API key's name when it presented one,
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

#include "core/access/rate_limits.hpp"

namespace gw {

class rate_limiter final : public token_buckets {
 public:
  using clock_type = std::chrono::steady_clock;

  int seconds_until_allowed(std::string_view client, rate_limits limits) override {
    return seconds_until_allowed(client, limits, clock_type::now());
  }
  int seconds_until_allowed(std::string_view client, rate_limits limits, clock_type::time_point now);
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
