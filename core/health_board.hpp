// Where the health monitor publishes what it last saw, for every I/O thread to read without a message:
// the health endpoints' answer and the fail-fast flag.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>

#include "core/health_state.hpp"

namespace gw {

class health_board {
 public:
  void publish(const health_snapshot& snapshot) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      snapshot_ = snapshot;
    }
    down_.store(snapshot.checked && !snapshot.reachable, std::memory_order_release);
  }

  // True while the last poll could not reach the orchestrator: forwarded requests fail fast.
  bool orchestrator_down() const { return down_.load(std::memory_order_acquire); }

  health_snapshot snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return snapshot_;
  }

 private:
  mutable std::mutex mutex_;
  health_snapshot snapshot_;
  std::atomic<bool> down_{false};
};

}  // namespace gw
