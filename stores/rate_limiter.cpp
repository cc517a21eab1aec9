#include "stores/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace gw {

namespace {
using time_point = rate_limiter::clock_type::time_point;

double burst_of(rate_limits limits) {
  return limits.burst < 1 ? 1 : limits.burst;
}

// A bucket's tokens at `now`, refilled since `updated` up to the burst.
double tokens_at(double tokens, time_point updated, rate_limits limits, time_point now) {
  double elapsed = std::chrono::duration<double>(now - updated).count();
  return std::min(burst_of(limits), tokens + std::max(0.0, elapsed) * limits.rate);
}

// Whole seconds until a bucket holding `tokens` has one. Configuration keeps the rate at 0.001 or more (at
// most 1000 s); the cap guards the cast regardless.
int seconds_until_one(double tokens, rate_limits limits) {
  return static_cast<int>(std::min(std::ceil((1 - tokens) / limits.rate), 86400.0));
}
}  // namespace

int rate_limiter::seconds_until_allowed(std::string_view client, rate_limits limits,
                                        clock_type::time_point now) {
  if (!limits.enabled()) return 0;
  auto& s = shards_[std::hash<std::string_view>{}(client) % shard_count];
  std::lock_guard<std::mutex> lock(s.mutex);
  auto refill = [&](bucket& b) {
    b.tokens = tokens_at(b.tokens, b.updated, limits, now);
    b.updated = now;
  };
  if (s.buckets.size() >= max_buckets_per_shard) {
    // Forget clients whose bucket has refilled: they are indistinguishable from new ones.
    for (auto it = s.buckets.begin(); it != s.buckets.end();) {
      refill(it->second);
      it = it->second.tokens >= burst_of(limits) ? s.buckets.erase(it) : std::next(it);
    }
    // Still full of busy clients (a flood of addresses): start over rather than grow without bound.
    if (s.buckets.size() >= max_buckets_per_shard) s.buckets.clear();
  }
  auto [it, inserted] = s.buckets.try_emplace(std::string(client), bucket{burst_of(limits), now});
  auto& b = it->second;
  if (!inserted) refill(b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return seconds_until_one(b.tokens, limits);
}

int rate_limiter::seconds_until_token(std::string_view client, rate_limits limits,
                                      clock_type::time_point now) {
  if (!limits.enabled()) return 0;
  auto& s = shards_[std::hash<std::string_view>{}(client) % shard_count];
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.buckets.find(std::string(client));
  if (it == s.buckets.end()) return 0;
  double tokens = tokens_at(it->second.tokens, it->second.updated, limits, now);
  return tokens >= 1 ? 0 : seconds_until_one(tokens, limits);
}

}  // namespace gw
