// Idempotent creates (the IETF httpapi Idempotency-Key header, draft-ietf-httpapi-idempotency-key-header):
// the first create under a key is forwarded once and its final answer kept for the TTL, per caller (its API
// key's name, else its address); the same key and request get that answer again, a different request 422,
// and while the first is in flight 409. Answers that mean nothing was created are not kept, so the client
// may retry them under the same key; the orchestrator's own error answers are kept only briefly. One caller
// holds at most its own share of records: past it, its own oldest settled record goes (a flood evicts only
// the flooder's), and when all of them are in flight its new key is refused (429). The stores:
// stores/idempotency_store (in process) and the Redis scripts (core/redis/redis_scripts).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/http_reply.hpp"

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

// What a claim of (caller, key) comes to, whichever store decided it.
struct idempotency_claim_result {
  enum class verdict { forward, in_flight, different_request, replay, caller_full };
  verdict what = verdict::forward;
  kept_answer answer;  // replay: what to send again
};

// One name for a caller's key: the caller's length first, so no two (caller, key) pairs share one.
std::string idempotency_record_id(std::string_view caller, std::string_view key);

// The answer a claim gives instead of forwarding: 409 (with Retry-After) while the first is in flight, 422
// for a different request, the kept answer again (marked Idempotent-Replayed: true), 429 (with Retry-After)
// for a caller whose every record is in flight; nullopt: forward it.
std::optional<http_reply> reply_for_claim(const idempotency_claim_result& claim);

}  // namespace gw
