// The health-monitor actor: the only poller of the orchestrator's GET /health. Polls at start and on
// a fixed cadence, and publishes each snapshot on the health board, which the health endpoints and
// the fail-fast check read.
#pragma once
#include <chrono>

#include <caf/stateful_actor.hpp>

#include "core/health_board.hpp"
#include "messages/interfaces.hpp"

namespace gw {

class upstream_client;

struct health_monitor_state {
  bool probing = false;
  health_snapshot last;
  static inline const char* name = "health_monitor";
};

struct health_monitor_deps {
  upstream_client* client = nullptr;
  std::chrono::milliseconds interval{5000};
  std::chrono::milliseconds probe_timeout{5000};
  health_board* board = nullptr;
};

health_monitor_actor::behavior_type health_monitor(
    health_monitor_actor::stateful_pointer<health_monitor_state> self, health_monitor_deps deps);

}  // namespace gw
