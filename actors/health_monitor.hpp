// The health-monitor actor: the only poller of the orchestrator's GET /health. Polls at start and
// on a fixed cadence, and pushes each snapshot to the front actor (health endpoints) and the proxy
// (fail-fast).
#pragma once
#include <chrono>
#include <memory>

#include <caf/stateful_actor.hpp>

#include "http/upstream_client.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct health_monitor_state {
  bool probing = false;
  health_snapshot last;
  static inline const char* name = "health_monitor";
};

struct health_monitor_deps {
  std::shared_ptr<upstream_client> client;
  std::chrono::milliseconds interval{5000};
  std::chrono::milliseconds probe_timeout{5000};
  front_actor front;
  orchestrator_proxy_actor proxy;
};

health_monitor_actor::behavior_type health_monitor(
    health_monitor_actor::stateful_pointer<health_monitor_state> self, health_monitor_deps deps);

}  // namespace gw
