// What a request actor asks of its thread's orchestrator proxy: one call, to be settled (every attempt,
// retries and backoffs included) before `deadline`, each attempt within `attempt_timeout`.
#pragma once
#include <chrono>

#include "core/runners/upstream.hpp"

namespace gw {

struct upstream_request {
  upstream_call call;
  std::chrono::steady_clock::time_point deadline;  // the caller's answer is due then at the latest
  std::chrono::milliseconds attempt_timeout{30000};
  // A create: at the deadline the caller is told the runners may still be created, and the attempt runs
  // on to its own timeout; its outcome is logged and counted then.
  bool outlive_deadline = false;
};

}  // namespace gw
