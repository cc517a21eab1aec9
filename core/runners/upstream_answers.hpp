// How the orchestrator's answer to a route's call becomes the gateway's envelope (data shaped as the
// contract says).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/http_reply.hpp"
#include "core/protocol/routes.hpp"
#include "core/runners/upstream.hpp"

namespace gw {

// The client's reply to the final outcome of a call.
http_reply reply_for_outcome(route_kind kind, const std::string& runner_id, const upstream_outcome& outcome);

// Cleanup: ids listed before and gone after; whether the orchestrator's answer names its ids itself; the
// answer when the list after could not be read (its count, no ids).
http_reply cleanup_reply_from_lists(const std::vector<std::string>& before,
                                    const std::vector<std::string>& after);
bool lists_cleaned_runners(std::string_view cleanup_body);
http_reply cleanup_reply_unconfirmed(std::string_view cleanup_body);

// A destroy that the orchestrator's later 404 confirms.
http_reply destroyed_reply(const std::string& runner_id);

}  // namespace gw
