// The health-monitor actor: the only poller of the orchestrator's GET /health. Polls at start and on a
// fixed cadence, passes each poll through the thresholds (health_tracker: busy is not down), and tells
// every listener (the front and proxy actors of each thread) of each change by message; a new listener is
// told the current state at once.
#pragma once
#include <chrono>
#include <optional>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "http/orchestrator_transport.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct health_monitor_state {
  bool probing = false;
  std::chrono::steady_clock::time_point probe_deadline;  // of the probe under way
  std::optional<health_tracker> tracker;                 // from the settings, at spawn
  health_snapshot last;
  std::vector<health_listener_actor> listeners;
  static inline const char* name = "health_monitor";
};

struct health_monitor_settings {
  orchestrator_transport* transport = nullptr;  // the pool of the monitor's own thread
  std::chrono::milliseconds interval{5000};
  std::chrono::milliseconds probe_timeout{5000};
  health_thresholds thresholds;
};

using health_monitor_pointer = health_monitor_actor::stateful_pointer<health_monitor_state>;

health_monitor_actor::behavior_type health_monitor(health_monitor_pointer self,
                                                   health_monitor_settings settings);

}  // namespace gw
