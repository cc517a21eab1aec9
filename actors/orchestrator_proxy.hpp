// The orchestrator-proxy actor, one per I/O thread: the only code that talks to the orchestrator for
// client requests. It owns its thread's keep-alive pool (through the transport), makes every attempt of a
// call (the first included) under a per-attempt timeout, does after each outcome what the retry policy
// (core/runners/retry_policy) says,
// waits out each backoff on a timer of its own thread, and fails fast while the health monitor says the
// orchestrator is down. The caller (the sender of the request) is sent the call's final outcome.
#pragma once
#include <chrono>
#include <cstdint>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "core/runners/retry_policy.hpp"
#include "http/orchestrator_transport.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct proxy_settings {
  retry_settings retry;
  orchestrator_transport* transport = nullptr;  // the pool of the proxy's own thread
};

struct pending_call {
  caf::strong_actor_ptr caller;  // told the final outcome
  upstream_request request;
  int attempts = 0;  // attempts made so far
  upstream_outcome last;
  std::chrono::steady_clock::time_point attempt_deadline;  // of the attempt under way
  uint32_t generation = 0;  // tells a reused slot from the call an old timer or outcome was for
  bool open = false;
  bool lost_attempt = false;  // an attempt timed out or broke after it was written
  bool in_flight = false;     // an attempt is under way (not waiting out a backoff)
  bool detached = false;      // the caller was answered at its deadline; the attempt runs on
};

struct proxy_state {
  // Calls under way, in slots reused once settled (no allocation per call once warm); a call's id is its
  // slot and the slot's generation.
  std::vector<pending_call> calls;
  std::vector<uint32_t> free_slots;
  bool orchestrator_down = false;  // fail fast: the health monitor says the orchestrator is down
  static inline const char* name = "orchestrator_proxy";
};

using proxy_pointer = orchestrator_proxy_actor::stateful_pointer<proxy_state>;

orchestrator_proxy_actor::behavior_type orchestrator_proxy(proxy_pointer self, proxy_settings settings);

}  // namespace gw
