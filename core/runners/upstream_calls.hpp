// How each gateway route becomes an orchestrator call.
#pragma once
#include <string>

#include "core/protocol/routes.hpp"
#include "core/runners/upstream.hpp"

namespace gw {

// For the five upstream routes. `canonical_body` is the validated create body; `runners` sizes the call's
// time budget (a create's count, a cleanup's listed runners).
upstream_call upstream_call_for(route_kind kind, const std::string& runner_id, std::string canonical_body,
                                unsigned runners = 0);

}  // namespace gw
