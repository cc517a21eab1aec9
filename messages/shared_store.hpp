// What a request actor asks its thread's shared-store actor (REDIS_URL set), and what it hears back.
#pragma once
#include <optional>
#include <string>

#include "core/access/rate_limits.hpp"
#include "core/idempotency/idempotency.hpp"

namespace gw {

// Take a token from `client`'s bucket.
struct rate_check {
  std::string client;
  rate_limits limits;
};

struct rate_verdict {
  int wait_seconds = 0;   // 0: it may pass
  bool answered = false;  // false: Redis did not answer (the request passes: fail open)
};

// Claim (caller, key) for a create whose validated body has `fingerprint`; the claim's owner is the sender.
struct idempotency_claim {
  std::string caller;
  std::string key;
  std::string fingerprint;
};

struct claim_verdict {
  idempotency_claim_result result;
  bool answered = false;  // false: Redis did not answer (the create gets 503: fail closed)
};

// The sender's claimed create has its final answer: keep it (briefly: an orchestrator's own error), or
// (nullopt) release the key.
struct idempotency_settlement {
  std::string caller;
  std::string key;
  std::optional<kept_answer> answer;
  bool brief = false;
};

}  // namespace gw
