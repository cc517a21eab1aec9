// Where a request's rate-limit bucket and Idempotency-Key record live: in this process (the policy's stores,
// shared by every thread) or, with REDIS_URL, in Redis through its thread's shared-store actor. A request
// actor asks through this one interface and never asks which: each verdict comes back at once (in process)
// or later as a message to the asking actor (Redis), and it takes both the same way.
#pragma once
#include <memory>
#include <optional>

#include "core/protocol/http_reply.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct process_context;

class request_store {
 public:
  using requester = request_actor_handle::base;
  virtual ~request_store() = default;
  // Takes a token from the client's bucket.
  virtual std::optional<rate_verdict> check_rate(requester& self, rate_check check) const = 0;
  // Claims a create's key for `self`.
  virtual std::optional<claim_verdict> claim(requester& self, idempotency_claim claim) const = 0;
  // Nobody waits for a settlement.
  virtual void settle(requester& self, idempotency_settlement settlement) const = 0;
};

std::shared_ptr<const request_store> in_process_request_store(const process_context& policy);
std::shared_ptr<const request_store> redis_request_store(shared_store_actor store);

// What a verdict means for the request: the answer that stops it, or nothing (it goes on). A rate limit
// that went unanswered lets the request pass (fail open, counted); an unanswered claim is a 503 (fail closed:
// without the record, a retry could create twice).
std::optional<http_reply> refusal_for(const rate_verdict& verdict);
std::optional<http_reply> refusal_for(const claim_verdict& verdict);

}  // namespace gw
