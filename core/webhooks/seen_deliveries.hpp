// The dedup keys of accepted webhook jobs (a delivery id, a job's attempt), kept WEBHOOK_DEDUP_TTL_SECONDS,
// in process when REDIS_URL is unset. Bounded: past `capacity` the key expiring first goes. Time is passed
// in; nothing here reads a clock.
#pragma once
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>

namespace gw {

class seen_deliveries {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  explicit seen_deliveries(std::size_t capacity) : capacity_(capacity) {}

  bool contains(const std::string& key, time_point now) const;
  // Records `key` until now + ttl.
  void add(const std::string& key, time_point now, std::chrono::milliseconds ttl);
  // A job given up on: its keys go, so that GitHub's redelivery of it is taken again.
  void forget(const std::string& key);
  std::size_t size() const { return expiry_.size(); }

 private:
  void drop_expired(time_point now);
  std::size_t capacity_;
  std::unordered_map<std::string, time_point> expiry_;
  std::multimap<time_point, std::string> by_expiry_;
};

}  // namespace gw
