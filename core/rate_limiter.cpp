#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace gw {

int rate_limiter::seconds_until_allowed(std::string_view client, rate_limits limits,
                                        clock_type::time_point now) {
  if (!limits.enabled()) return 0;
  const double rate = limits.rate, burst = limits.burst < 1 ? 1 : limits.burst;
  auto& s = shards_[std::hash<std::string_view>{}(client) % shard_count];
  std::lock_guard<std::mutex> lock(s.mutex);
  auto refill = [&](bucket& b) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    if (elapsed > 0) b.tokens = std::min(burst, b.tokens + elapsed * rate);
    b.updated = now;
  };
  if (s.buckets.size() >= max_buckets_per_shard) {
    // Forget clients whose bucket has refilled: they are indistinguishable from new ones.
    for (auto it = s.buckets.begin(); it != s.buckets.end();) {
      refill(it->second);
      it = it->second.tokens >= burst ? s.buckets.erase(it) : std::next(it);
    }
    // Still full of busy clients (a flood of addresses): start over rather than grow without bound.
    if (s.buckets.size() >= max_buckets_per_shard) s.buckets.clear();
  }
  auto [it, inserted] = s.buckets.try_emplace(std::string(client), bucket{burst, now});
  auto& b = it->second;
  if (!inserted) refill(b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  // Configuration keeps the rate at 0.001 or more (at most 1000 s); the cap guards the cast regardless.
  return static_cast<int>(std::min(std::ceil((1 - b.tokens) / rate), 86400.0));
}

int rate_limiter::seconds_until_token(std::string_view client, rate_limits limits,
                                      clock_type::time_point now) {
  if (!limits.enabled()) return 0;
  const double rate = limits.rate, burst = limits.burst < 1 ? 1 : limits.burst;
  auto& s = shards_[std::hash<std::string_view>{}(client) % shard_count];
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.buckets.find(std::string(client));
  if (it == s.buckets.end()) return 0;
  double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
  double tokens = std::min(burst, it->second.tokens + std::max(0.0, elapsed) * rate);
  if (tokens >= 1) return 0;
  return static_cast<int>(std::min(std::ceil((1 - tokens) / rate), 86400.0));
}

}  // namespace gw
