// When an orchestrator call is tried again, and after how long.
// Creates are only retried when the request was never written: a retry after that could start
// duplicate runners. Everything else is retried on transport failures, timeouts and 502/503/504.
#pragma once
#include <chrono>

#include "core/upstream.hpp"

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

}  // namespace gw
