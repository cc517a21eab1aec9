// How each gateway route becomes an orchestrator call, and how the orchestrator's answer becomes
// the gateway's envelope (data shaped as the contract says).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/http_reply.hpp"
#include "core/protocol/routes.hpp"
#include "core/runners/upstream.hpp"

namespace gw {

// For the five upstream routes. `canonical_body` is the validated create body; `runners` sizes the call's
// time budget (a create's count, a cleanup's listed runners).
upstream_call upstream_call_for(route_kind kind, const std::string& runner_id, std::string canonical_body,
                                unsigned runners = 0);

// The client's reply to the final outcome of a call.
http_reply reply_for_outcome(route_kind kind, const std::string& runner_id, const upstream_outcome& outcome);

// GET /runners: the runner ids it lists (nullopt when the body is not a JSON array), and one runner's entry
// as JSON text, looked up by its exact id (one parse of the list).
std::optional<std::vector<std::string>> listed_runner_ids(std::string_view list_body);
struct listed_runner {
  bool is_list = false;              // the body is a JSON array
  std::optional<std::string> entry;  // the runner's entry, when listed
};
listed_runner find_listed_runner(std::string_view list_body, std::string_view runner_id);

// The real orchestrator's answer for an id it does not have: 200, status "error", no container, image or
// creation time (its status route answers every runner this way in one build: see the README).
bool is_unknown_runner_status(std::string_view status_body);

// Cleanup: ids listed before and gone after; whether the orchestrator's answer names its ids itself; the
// answer when the list after could not be read (its count, no ids).
http_reply cleanup_reply_from_lists(const std::vector<std::string>& before,
                                    const std::vector<std::string>& after);
bool lists_cleaned_runners(std::string_view cleanup_body);
http_reply cleanup_reply_unconfirmed(std::string_view cleanup_body);

// A destroy that the orchestrator's later 404 confirms.
http_reply destroyed_reply(const std::string& runner_id);

}  // namespace gw
