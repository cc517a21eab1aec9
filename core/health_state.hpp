// The orchestrator's health as the gateway reports it, derived from one GET /health attempt.
#pragma once
#include <string>

#include "core/http_reply.hpp"
#include "core/upstream.hpp"

namespace gw {

struct health_snapshot {
  bool checked = false;                  // false until the first poll has finished
  bool reachable = false;                // an HTTP answer arrived
  std::string orchestrator = "unknown";  // "healthy", the orchestrator's own status, or "unreachable"
  bool healthy() const { return orchestrator == "healthy"; }
};

// "healthy" when /health answered 2xx with success:true or status:"healthy"; its own status string
// when it gave another one; "unhealthy" for any other answer; "unreachable" when nothing answered.
health_snapshot evaluate_health(const upstream_outcome& outcome);

// GET /health and GET /api/v1/health: always 200, data = {status, service, version, orchestrator}.
http_reply health_reply(const health_snapshot& snapshot);

}  // namespace gw
