// The request actor, one per API request: owns that request's life, in order: access control, validation
// through its thread's validator, the orchestrator call through its thread's proxy under the request's
// deadline, the envelope, the access log line and metrics. It quits once it has answered.
#pragma once
#include <caf/event_based_actor.hpp>

#include "actors/gateway_policy.hpp"
#include "core/routes.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct request_context {
  http_exchange exchange;
  route_match route;
  const gateway_policy* policy = nullptr;
  validator_actor validator;       // of the request's thread
  orchestrator_proxy_actor proxy;  // of the request's thread
};

// It only ever receives the answers to its own requests: no inbound interface.
class request_actor final : public caf::event_based_actor {
 public:
  request_actor(caf::actor_config& cfg, request_context context);
  caf::behavior make_behavior() override;
  const char* name() const override { return "request_actor"; }

 private:
  void forward(std::string canonical_body);
  void finish(http_reply reply);

  request_context context_;
  bool answered_ = false;
};

}  // namespace gw
