#include "core/webhooks/seen_deliveries.hpp"

namespace gw {

bool seen_deliveries::contains(const std::string& key, time_point now) const {
  auto it = expiry_.find(key);
  return it != expiry_.end() && it->second > now;
}

void seen_deliveries::add(const std::string& key, time_point now, std::chrono::milliseconds ttl) {
  drop_expired(now);
  forget(key);
  while (!by_expiry_.empty() && expiry_.size() >= capacity_) {
    expiry_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  auto until = now + ttl;
  expiry_.emplace(key, until);
  by_expiry_.emplace(until, key);
}

void seen_deliveries::forget(const std::string& key) {
  auto it = expiry_.find(key);
  if (it == expiry_.end()) return;
  auto [first, last] = by_expiry_.equal_range(it->second);
  for (auto entry = first; entry != last; ++entry)
    if (entry->second == key) {
      by_expiry_.erase(entry);
      break;
    }
  expiry_.erase(it);
}

void seen_deliveries::drop_expired(time_point now) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) {
    expiry_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
}

}  // namespace gw
