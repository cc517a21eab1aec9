// libFuzzer target: request-target parsing. Property: whatever the target, a runner route forwards one
// segment of the safe alphabet, so no orchestrator path but the intended one can ever be built.
#include <cstdint>
#include <string>

#include "core/protocol/routes.hpp"
#include "core/protocol/runner_id.hpp"
#include "core/runners/runner_lists.hpp"
#include "core/runners/upstream_answers.hpp"
#include "core/runners/upstream_calls.hpp"
#include "core/text/log_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto space = input.find(' ');
  std::string method = space == std::string::npos ? "GET" : input.substr(0, space);
  std::string target = space == std::string::npos ? input : input.substr(space + 1);

  auto route = gw::match_route(method, target);
  if (route.kind == gw::route_kind::runner_status || route.kind == gw::route_kind::destroy_runner) {
    if (!gw::is_valid_runner_id(route.runner_id)) __builtin_trap();
    auto call = gw::upstream_call_for(route.kind, route.runner_id, {});
    std::string expected = route.kind == gw::route_kind::runner_status
                               ? "/runners/" + route.runner_id + "/status"
                               : "/runners/" + route.runner_id;
    if (call.target != expected || route.runner_id.find('/') != std::string::npos ||
        route.runner_id.find("..") == 0)
      __builtin_trap();
  }
  gw::percent_decode(target);
  auto logged = gw::sanitize_for_log(target);
  for (char c : logged)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) __builtin_trap();
  return 0;
}
