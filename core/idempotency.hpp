// Idempotent creates (the IETF httpapi Idempotency-Key header, draft-ietf-httpapi-idempotency-key-header):
// the first create under a key is forwarded once and its final answer kept for the TTL, per caller (its API
// key's name, else its address); the same key and request get that answer again, a different request 422,
// and while the first is in flight 409. Answers that mean nothing was created are not kept, so the client
// may retry them under the same key. This is the in-process store: bounded, per replica.
#pragma once
#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
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

// Whether a create's answer is kept: not when it provably created nothing (a 4xx, a fail-fast 503, a create
// never delivered to the orchestrator).
bool keeps_answer(unsigned status, bool never_delivered);

struct kept_answer {
  unsigned status = 0;
  std::string body;
};

class idempotency_store {
 public:
  using clock_type = std::chrono::steady_clock;

  idempotency_store(std::chrono::milliseconds ttl = std::chrono::hours(24), std::size_t max_records = 10000);

  enum class verdict { forward, in_flight, different_request, replay };
  struct claim_result {
    verdict what = verdict::forward;
    kept_answer answer;  // replay: what to send again
  };

  // Claims (caller, key) for a request whose validated form has `fingerprint`, or says why it cannot.
  claim_result claim(std::string_view caller, std::string_view key, std::string_view fingerprint,
                     clock_type::time_point now = clock_type::now());
  // The claimed request's final answer: kept for the TTL, or (nullopt) released so the key may be used again.
  void settle(std::string_view caller, std::string_view key, std::optional<kept_answer> answer,
              clock_type::time_point now = clock_type::now());

  std::size_t size() const;

 private:
  struct record {
    std::string fingerprint;
    bool in_flight = true;
    kept_answer answer;
    clock_type::time_point expires;
  };
  struct shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, record> records;
  };
  static constexpr std::size_t shard_count = 16;
  shard& shard_of(const std::string& id);
  void make_room(shard& s, clock_type::time_point now);

  std::chrono::milliseconds ttl_;
  std::size_t max_per_shard_;
  std::array<shard, shard_count> shards_;
};

// One name for a caller's key: the caller's length first, so no two (caller, key) pairs share one.
std::string idempotency_record_id(std::string_view caller, std::string_view key);

// The answer a claim gives instead of forwarding: 409 (with Retry-After) while the first is in flight, 422
// for a different request, the kept answer again (marked Idempotent-Replayed: true); nullopt: forward it.
std::optional<http_reply> reply_for_claim(const idempotency_store::claim_result& claim);

}  // namespace gw
