// One attempt at an orchestrator call, as the proxy and health-monitor actors see their thread's pool.
// Tests put a scripted transport in its place.
#pragma once
#include <chrono>
#include <functional>

#include "core/runners/upstream.hpp"

namespace gw {

class orchestrator_transport {
 public:
  // The call comes back with its outcome, so a caller that may retry it need not keep a copy.
  using callback = std::function<void(upstream_outcome, upstream_call)>;
  virtual ~orchestrator_transport() = default;
  // On the transport's own thread; `done` runs once, later, on that thread.
  virtual void exchange(upstream_call call, std::chrono::steady_clock::time_point deadline,
                        connection_use use, callback done) = 0;
};

}  // namespace gw
