// The request actor: one per forwarded request. Validates (creates only), asks the proxy, writes
// the envelope back to the session, and ends. Its own deadline bounds its whole life.
#pragma once
#include <chrono>

#include <caf/event_based_actor.hpp>

#include "core/routes.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct request_deps {
  validator_actor validator;
  orchestrator_proxy_actor proxy;
  std::chrono::milliseconds deadline{120000};
};

void serve_request(caf::event_based_actor* self, request_deps deps, http_job job, route_match route);

}  // namespace gw
