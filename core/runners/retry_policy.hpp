// When an orchestrator call is tried again, and after how long: the one place that decides it.
// Creates are only retried when the request was never written: a retry after that could start
// duplicate runners. Everything else is retried on transport failures, timeouts and 502/503/504.
// A pooled connection found dead before any answer is replaced at once by a new one (once per attempt, not
// counted as an attempt): for any call whose request it failed to write, for idempotent calls otherwise.
#pragma once
#include <chrono>

#include "core/runners/upstream.hpp"

namespace gw {

struct retry_settings {
  int max_attempts = 3;
  double backoff_seconds = 1.0;
};

bool should_retry(const upstream_outcome& outcome, retry_class retry, int attempts_made,
                  const retry_settings& settings);

// Delay before attempt `attempts_made + 1`: backoff, 2 x backoff, 4 x backoff, ...
std::chrono::milliseconds backoff_for_attempt(int attempts_made, const retry_settings& settings);

// Upper bound on one call's life: every attempt's timeout plus every backoff.
std::chrono::milliseconds worst_case_call_duration(const retry_settings& settings, double timeout_seconds);

// Where a call stands once an attempt has come back.
struct attempt_report {
  using time_point = std::chrono::steady_clock::time_point;
  const upstream_outcome& outcome;
  retry_class retry = retry_class::idempotent;
  int attempts_made = 0;
  bool orchestrator_down = false;  // the health monitor says so: fail fast
  time_point now;
  time_point attempt_deadline;  // of the attempt that came back
  time_point call_deadline;     // the caller's
};

struct retry_step {
  enum class kind {
    settle,                   // the outcome is the call's
    again_on_new_connection,  // the same attempt at once, on a new connection, under its deadline
    again_after_backoff,      // another attempt after `delay`
  } what = kind::settle;
  std::chrono::milliseconds delay{0};
};

retry_step next_retry_step(const attempt_report& report, const retry_settings& settings);

}  // namespace gw
