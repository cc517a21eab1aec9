// The in-process store of Idempotency-Key records (core/idempotency says what they mean): bounded, per
// replica, shared by every I/O thread behind one lock. When full, a record of the caller holding the most
// goes (the one that expires first).
#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/idempotency/idempotency.hpp"

namespace gw {

class idempotency_store {
 public:
  using clock_type = std::chrono::steady_clock;

  idempotency_store(std::chrono::milliseconds ttl = std::chrono::hours(24), std::size_t max_records = 10000,
                    std::size_t max_per_caller = 1000,
                    std::chrono::milliseconds brief_ttl = std::chrono::minutes(5));

  using claim_result = idempotency_claim_result;
  using verdict = idempotency_claim_result::verdict;

  // Claims (caller, key) for a request whose validated form has `fingerprint`, or says why it cannot.
  claim_result claim(std::string_view caller, std::string_view key, std::string_view fingerprint,
                     clock_type::time_point now = clock_type::now());
  // The claimed request's final answer: kept as `keeping` says, or (nullopt) released so the key may be
  // used again.
  void settle(std::string_view caller, std::string_view key, std::optional<kept_answer> answer,
              answer_keeping keeping = answer_keeping::whole_ttl,
              clock_type::time_point now = clock_type::now());

  std::size_t size() const;

 private:
  using expiry_order = std::set<std::pair<clock_type::time_point, std::string>>;  // (expires, record id)
  struct record {
    std::string caller;
    std::string fingerprint;
    bool in_flight = true;
    kept_answer answer;
    clock_type::time_point expires;
  };
  struct caller_records {
    std::size_t count = 0;  // in flight or settled
    expiry_order settled;
  };
  // Room for one more record of `caller`; false when only in-flight records could go.
  bool make_room(const std::string& caller, clock_type::time_point now);
  // Drops the settled record of `caller` that expires first; false when it has none.
  bool drop_first_expiring(const std::string& caller);
  void erase(std::unordered_map<std::string, record>::iterator it);
  void set_count(const std::string& caller, caller_records& c, std::size_t count);

  std::chrono::milliseconds ttl_;
  std::chrono::milliseconds brief_ttl_;
  std::size_t max_records_;
  std::size_t max_per_caller_;
  // Creates are rare next to lists: one lock, and exact bookkeeping under it.
  mutable std::mutex mutex_;
  std::unordered_map<std::string, record> records_;
  std::unordered_map<std::string, caller_records> callers_;
  expiry_order settled_;                                    // every settled record
  std::set<std::pair<std::size_t, std::string>> by_count_;  // (records held, caller)
};

}  // namespace gw
