// Idempotent creates (the IETF httpapi Idempotency-Key header, draft-ietf-httpapi-idempotency-key-header):
// the first create under a key is forwarded once and its final answer kept for the TTL, per caller (its API
// key's name, else its address); the same key and request get that answer again, a different request 422,
// and while the first is in flight 409. Answers that mean nothing was created are not kept, so the client
// may retry them under the same key; the orchestrator's own error answers are kept only briefly. One caller
// holds at most its own share of records: past it, its own oldest settled record goes (a flood evicts only
// the flooder's), and when all of them are in flight its new key is refused (429). This is the in-process
// store: bounded, per replica; when full, a record of the caller holding the most goes.
#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/http_reply.hpp"

namespace gw {

struct idempotency_key {
  enum class state { absent, valid, malformed } status = state::absent;
  std::string value;
};

// The header as sent: 1-255 printable ASCII characters, or the same as a structured-field string ("...",
// as the draft writes it).
idempotency_key parse_idempotency_key(std::string_view header, bool present);

// How long a create's answer is kept: not at all when it provably created nothing (a 4xx, a fail-fast 503, a
// create never delivered to the orchestrator); briefly when the orchestrator itself answered an error (5xx:
// it did not create; a retry soon after gets the same answer); else for the whole TTL (a success, or an
// answer that may hide a create: a timeout, a lost connection).
enum class answer_keeping { none, brief, whole_ttl };
answer_keeping keeping_for(unsigned status, bool never_delivered, bool orchestrator_error);

struct kept_answer {
  unsigned status = 0;
  std::string body;
};

class idempotency_store {
 public:
  using clock_type = std::chrono::steady_clock;

  idempotency_store(std::chrono::milliseconds ttl = std::chrono::hours(24), std::size_t max_records = 10000,
                    std::size_t max_per_caller = 1000,
                    std::chrono::milliseconds brief_ttl = std::chrono::minutes(5));

  enum class verdict { forward, in_flight, different_request, replay, caller_full };
  struct claim_result {
    verdict what = verdict::forward;
    kept_answer answer;  // replay: what to send again
  };

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

// One name for a caller's key: the caller's length first, so no two (caller, key) pairs share one.
std::string idempotency_record_id(std::string_view caller, std::string_view key);

// The answer a claim gives instead of forwarding: 409 (with Retry-After) while the first is in flight, 422
// for a different request, the kept answer again (marked Idempotent-Replayed: true), 429 (with Retry-After)
// for a caller whose every record is in flight; nullopt: forward it.
std::optional<http_reply> reply_for_claim(const idempotency_store::claim_result& claim);

}  // namespace gw
