// The orchestrator-proxy actor: owns every retried orchestrator call. It waits out each backoff on a
// timer (never a sleeping thread), runs the next attempt on the request's own I/O thread, decides
// after each outcome, and answers the client when the call is settled. While the health monitor
// reports the orchestrator unreachable, pending retries end at once with their last outcome.
#pragma once
#include <chrono>
#include <unordered_map>

#include <caf/stateful_actor.hpp>

#include "core/health_board.hpp"
#include "core/retry_policy.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct proxy_settings {
  retry_settings retry;
  std::chrono::milliseconds attempt_timeout{30000};
  const health_board* board = nullptr;
};

struct proxy_state {
  std::unordered_map<uint64_t, retry_job> pending;
  uint64_t next_id = 0;
  static inline const char* name = "orchestrator_proxy";
};

orchestrator_proxy_actor::behavior_type orchestrator_proxy(
    orchestrator_proxy_actor::stateful_pointer<proxy_state> self, proxy_settings settings);

}  // namespace gw
