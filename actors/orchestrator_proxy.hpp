// The orchestrator-proxy actor: the only place that talks to the orchestrator. Runs each call's
// attempts on the upstream client, waits out backoffs on timers (never a sleeping thread), and
// fails fast while the health monitor says the orchestrator cannot be reached.
#pragma once
#include <chrono>
#include <memory>
#include <unordered_map>

#include <caf/stateful_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "core/retry_policy.hpp"
#include "http/upstream_client.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct proxy_settings {
  retry_settings retry;
  std::chrono::milliseconds attempt_timeout{30000};
};

struct proxy_state {
  struct pending_call {
    caf::typed_response_promise<upstream_outcome> promise;
    upstream_call call;
    int attempts = 0;
    upstream_outcome last;
  };
  std::unordered_map<uint64_t, pending_call> pending;
  uint64_t next_id = 0;
  bool orchestrator_down = false;
  static inline const char* name = "orchestrator_proxy";
};

orchestrator_proxy_actor::behavior_type orchestrator_proxy(
    orchestrator_proxy_actor::stateful_pointer<proxy_state> self, std::shared_ptr<upstream_client> client,
    proxy_settings settings);

}  // namespace gw
