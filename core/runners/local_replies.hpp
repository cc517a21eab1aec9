// Answers that need nobody but the gateway: /healthz, health from the last snapshot, 400/404/405.
#pragma once
#include "core/protocol/http_reply.hpp"
#include "core/protocol/routes.hpp"
#include "core/runners/health_state.hpp"

namespace gw {
http_reply local_reply(const route_match& route, const health_snapshot& health);
}
