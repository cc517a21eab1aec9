#include "stores/idempotency_store.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace gw {

idempotency_store::idempotency_store(std::chrono::milliseconds ttl, std::size_t max_records,
                                     std::size_t max_per_caller, std::chrono::milliseconds brief_ttl)
    : ttl_(ttl),
      brief_ttl_(std::min(brief_ttl, ttl)),
      max_records_(std::max<std::size_t>(1, max_records)),
      max_per_caller_(std::max<std::size_t>(1, max_per_caller)) {}

void idempotency_store::set_count(const std::string& caller, caller_records& c, std::size_t count) {
  if (c.count) by_count_.erase({c.count, caller});
  c.count = count;
  if (c.count) by_count_.insert({c.count, caller});
}

void idempotency_store::erase(std::unordered_map<std::string, record>::iterator it) {
  const auto& r = it->second;
  auto c = callers_.find(r.caller);
  if (!r.in_flight) {
    settled_.erase({r.expires, it->first});
    if (c != callers_.end()) c->second.settled.erase({r.expires, it->first});
  }
  if (c != callers_.end()) {
    set_count(c->first, c->second, c->second.count - 1);
    if (c->second.count == 0) callers_.erase(c);
  }
  records_.erase(it);
}

bool idempotency_store::drop_first_expiring(const std::string& caller) {
  auto c = callers_.find(caller);
  if (c == callers_.end() || c->second.settled.empty()) return false;
  erase(records_.find(c->second.settled.begin()->second));
  return true;
}

// An in-flight record is never dropped: its request would be forwarded twice. Expired records go first;
// then, past the caller's share, its own record that expires first; then, when the store is full, that of
// the caller holding the most (a flood evicts only the flooder's records).
bool idempotency_store::make_room(const std::string& caller, clock_type::time_point now) {
  while (!settled_.empty() && settled_.begin()->first <= now) erase(records_.find(settled_.begin()->second));
  auto c = callers_.find(caller);
  if (c != callers_.end() && c->second.count >= max_per_caller_ && !drop_first_expiring(caller)) return false;
  while (records_.size() >= max_records_) {
    // The largest holder with a settled record (dropping one changes by_count_: no iterator survives it).
    std::string victim;
    for (auto it = by_count_.rbegin(); it != by_count_.rend() && victim.empty(); ++it)
      if (auto c = callers_.find(it->second); c != callers_.end() && !c->second.settled.empty())
        victim = it->second;
    if (victim.empty()) return false;  // every record is in flight
    drop_first_expiring(victim);
  }
  return true;
}

idempotency_store::claim_result idempotency_store::claim(std::string_view caller, std::string_view key,
                                                         std::string_view fingerprint,
                                                         clock_type::time_point now) {
  auto id = idempotency_record_id(caller, key);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = records_.find(id);
  if (it != records_.end() && !it->second.in_flight && it->second.expires <= now) {
    erase(it);
    it = records_.end();
  }
  if (it == records_.end()) {
    std::string who(caller);
    if (!make_room(who, now)) return {verdict::caller_full, {}};
    auto& c = callers_[who];
    set_count(who, c, c.count + 1);
    records_.emplace(std::move(id), record{std::move(who), std::string(fingerprint), true, {}, now + ttl_});
    return {};
  }
  const auto& r = it->second;
  if (r.fingerprint != fingerprint) return {verdict::different_request, {}};
  if (r.in_flight) return {verdict::in_flight, {}};
  return {verdict::replay, r.answer};
}

void idempotency_store::settle(std::string_view caller, std::string_view key,
                               std::optional<kept_answer> answer, answer_keeping keeping,
                               clock_type::time_point now) {
  auto id = idempotency_record_id(caller, key);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = records_.find(id);
  if (it == records_.end() || !it->second.in_flight) return;
  if (!answer || keeping == answer_keeping::none) return erase(it);
  auto& r = it->second;
  r.in_flight = false;
  r.answer = std::move(*answer);
  r.expires = now + (keeping == answer_keeping::brief ? brief_ttl_ : ttl_);
  settled_.insert({r.expires, it->first});
  callers_[r.caller].settled.insert({r.expires, it->first});
}

std::size_t idempotency_store::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return records_.size();
}

}  // namespace gw
