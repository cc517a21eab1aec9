// What a request actor asks of its thread's orchestrator proxy: one call, to be settled (every attempt,
// retries and backoffs included) before `deadline`.
#pragma once
#include <chrono>

#include "core/upstream.hpp"

namespace gw {

struct upstream_request {
  upstream_call call;
  std::chrono::steady_clock::time_point deadline;
};

}  // namespace gw
