// The front actor: routes each request, answers what needs nobody else (/healthz, the health
// endpoints from the monitor's last snapshot, CORS preflight, 400/404/405), and spawns a request
// actor for the rest. It keeps no per-request state.
#pragma once
#include <caf/stateful_actor.hpp>

#include "actors/request.hpp"
#include "core/cors.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct front_state {
  health_snapshot health;
  static inline const char* name = "front";
};

struct front_deps {
  cors_policy cors;
  request_deps request;
};

front_actor::behavior_type front(front_actor::stateful_pointer<front_state> self, front_deps deps);

}  // namespace gw
