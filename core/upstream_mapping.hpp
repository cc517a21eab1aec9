// How each gateway route becomes an orchestrator call, and how the orchestrator's answer becomes
// the gateway's envelope (data shaped as the contract says).
#pragma once
#include <string>
#include <string_view>

#include "core/http_reply.hpp"
#include "core/routes.hpp"
#include "core/upstream.hpp"

namespace gw {

// For the five upstream routes. `canonical_body` is the validated create body.
upstream_call upstream_call_for(route_kind kind, const std::string& runner_id, std::string canonical_body);

// The client's reply to the final outcome of a call.
http_reply reply_for_outcome(route_kind kind, const std::string& runner_id, const upstream_outcome& outcome);

}  // namespace gw
