// How long the gateway waits for each orchestrator call, sized to the work the call asks for: the
// orchestrator creates runners one after another (about 10 s each) and freezes while it does; a destroy
// waits for Docker's stop timeout (30 s) when a container ignores SIGTERM.
#pragma once
#include <chrono>

#include "core/runners/retry_policy.hpp"
#include "core/runners/upstream.hpp"

namespace gw {

struct time_budget_settings {
  std::chrono::milliseconds attempt{30000};            // ORCHESTRATOR_TIMEOUT_SECONDS: quick calls
  std::chrono::milliseconds create_per_runner{15000};  // ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER
  std::chrono::milliseconds destroy{45000};            // ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS, per container
  retry_settings retry;
  std::chrono::milliseconds request_timeout{0};  // REQUEST_TIMEOUT_SECONDS; 0: each call's own worst case
};

// A cleanup's budget counts at most this many containers (it may run on past it; see the README).
inline constexpr unsigned max_budgeted_destroys = 10;

// One attempt: quick calls `attempt`; a create `attempt` + count x `create_per_runner`; a destroy
// `destroy` per container (at least one, at most max_budgeted_destroys), never less than `attempt`.
std::chrono::milliseconds attempt_timeout_for(const upstream_call& call, const time_budget_settings& s);

// Every attempt of the call and every backoff between them.
std::chrono::milliseconds worst_case_for(const upstream_call& call, const time_budget_settings& s);

// When the client's answer is due for a call of a request that arrived at `arrived_at` and makes this
// call at `now`: REQUEST_TIMEOUT_SECONDS after arrival when set, else the call's own worst case from now.
std::chrono::steady_clock::time_point call_deadline(const upstream_call& call,
                                                    std::chrono::steady_clock::time_point arrived_at,
                                                    std::chrono::steady_clock::time_point now,
                                                    const time_budget_settings& s);

// The longest any forwarded request may wait for its answer (a cleanup's three calls, or a create of 10).
std::chrono::milliseconds longest_request(const time_budget_settings& s);

// The longest a create of 10 may be under way at the orchestrator, counted from its claim: its attempts
// run on past REQUEST_TIMEOUT_SECONDS, the last one started before it.
std::chrono::milliseconds longest_create_life(const time_budget_settings& s);

}  // namespace gw
