// The orchestrator's health as the gateway reports it, derived from one GET /health attempt.
#pragma once
#include <chrono>
#include <optional>
#include <string>

#include "core/protocol/http_reply.hpp"
#include "core/runners/upstream.hpp"

namespace gw {

struct health_snapshot {
  bool checked = false;    // false until the first poll has finished
  bool reachable = false;  // an HTTP answer arrived
  bool fail_fast = false;  // forwarded requests are refused at once (set by health_tracker)
  // "healthy", the orchestrator's own status, "unhealthy", "busy" or "unreachable"
  std::string orchestrator = "unknown";
  bool healthy() const { return orchestrator == "healthy"; }
};

// One poll: "healthy" when /health answered 2xx with success:true or status:"healthy"; its own status
// string when it gave another one; "unhealthy" for any other answer; "busy" when the connection was
// made but no answer came in time (the real orchestrator freezes while it creates or destroys);
// "unreachable" when it could not be reached (refused, reset, no route).
health_snapshot evaluate_health(const upstream_outcome& outcome);

// Envoy-style thresholds between single polls and the health the gateway acts on.
struct health_thresholds {
  int unhealthy_threshold = 2;  // consecutive unreachable polls before forwarded requests fail fast
  int healthy_threshold = 1;    // consecutive answered polls before they are forwarded again
  std::chrono::milliseconds busy_limit{300000};  // busy for longer than this counts as down
};

class health_tracker {
 public:
  explicit health_tracker(health_thresholds thresholds) : thresholds_(thresholds) {}
  // One poll's evaluation in, the health the gateway reports and acts on out.
  health_snapshot observe(health_snapshot poll, std::chrono::steady_clock::time_point now);

 private:
  health_thresholds thresholds_;
  health_snapshot reported_;
  int unreachable_run_ = 0;
  int answered_run_ = 0;
  std::optional<std::chrono::steady_clock::time_point> busy_since_;
};

// GET /health and GET /api/v1/health: always 200, data = {status, service, version, orchestrator}.
http_reply health_reply(const health_snapshot& snapshot);

}  // namespace gw
