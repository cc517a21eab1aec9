// What the orchestrator's list of runners (GET /runners) and its status answer say.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

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

}  // namespace gw
