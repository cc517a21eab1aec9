// The request actor, one per API request: owns that request's life, in this order (the order of its
// functions below): the key check, the client's rate limit (through the request's store), validation
// through its thread's validator (a webhook delivery: its signature and payload, then the dispatcher's
// admission of its job), an Idempotency-Key's claim (through the store), the orchestrator calls of its
// route's procedure (core/runners/runner_procedure) through its thread's proxy, each under its time budget,
// narrowed by the key's grants, then the answer: the key's record settled, the audit line of a state-changing
// call, and the client's answer (actors/client_answer: CORS, access log, metrics). It quits once it has
// answered.
#pragma once
#include <caf/typed_event_based_actor.hpp>

#include <memory>

#include "actors/process_context.hpp"
#include "actors/request_store.hpp"
#include "core/protocol/routes.hpp"
#include "core/runners/runner_procedure.hpp"
#include "core/webhooks/delivery_intake.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct request_context {
  http_exchange exchange;
  route_match route;
  const process_context* policy = nullptr;
  access_snapshot access;                      // the configuration current when the request arrived
  validator_actor validator;                   // of the request's thread
  orchestrator_proxy_actor proxy;              // of the request's thread
  std::shared_ptr<const request_store> store;  // rate limits and idempotency records (in process or Redis)
  webhook_dispatcher_actor webhooks;           // the process's, for POST /webhooks/github
};

class request_actor final : public request_actor_handle::base {
 public:
  request_actor(caf::actor_config& cfg, request_context context);
  behavior_type make_behavior() override;
  const char* name() const override { return "request_actor"; }

 private:
  void check_rate();
  void on_rate(const rate_verdict& verdict);
  void admit();  // past the key check and the rate limit
  void on_validated(create_verdict& verdict);
  void begin_procedure(create_request create);
  void on_claim(const claim_verdict& verdict);
  void take(runner_procedure::step step);
  // POST /webhooks/github, after admit: the signature, then what the delivery is
  // (core/webhooks/delivery_intake), the create body's validation, the dispatcher's admission.
  void take_webhook();
  void queue_webhook_job(create_verdict& verdict);
  void on_admission(const webhook_admission& admission);
  void answer_webhook(http_reply reply, std::string_view outcome);
  void finish(http_reply reply);

  request_context context_;
  std::optional<runner_procedure> procedure_;
  std::optional<runner_procedure::step> claimed_step_;  // a create's first call, while its key is claimed
  const api_key* key_ = nullptr;                        // in context_.access; null when keys are off
  std::string idempotency_key_;                         // a create's valid Idempotency-Key
  std::string idempotency_caller_;
  // A webhook delivery's decision (held apart: every other request actor stays as small as it was).
  std::unique_ptr<delivery_decision> webhook_;
  const api_key* webhook_signer_ = nullptr;
  bool idempotency_claimed_ = false;  // its record waits for this request's answer
  bool audited_ = false;              // past the access check on an audited route, with audit lines on
  bool forwarded_ = false;            // a call of its procedure went to the proxy
  bool answered_ = false;
};

}  // namespace gw
