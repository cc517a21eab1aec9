// Optional per-client rate limiting: a token bucket per client (its API key when it presented one,
// else its address), refilled at `rate` per second up to `burst`. Shared by every I/O thread: the
// buckets are spread over shards, each behind its own mutex, and idle full buckets are dropped.
#pragma once
#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gw {

class rate_limiter {
 public:
  using clock_type = std::chrono::steady_clock;

  rate_limiter(double rate_per_second, double burst)
      : rate_(rate_per_second), burst_(burst < 1 ? 1 : burst) {}

  bool enabled() const { return rate_ > 0; }

  // 0 when the request may pass; otherwise the whole seconds to wait before the next token (>= 1).
  int seconds_until_allowed(std::string_view client, clock_type::time_point now = clock_type::now());
  // The same answer without taking a token (a client never seen has a full bucket).
  int seconds_until_token(std::string_view client, clock_type::time_point now = clock_type::now());

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

  double rate_;
  double burst_;
  std::array<shard, shard_count> shards_;
};

}  // namespace gw
