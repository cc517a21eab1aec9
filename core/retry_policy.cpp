#include "core/retry_policy.hpp"

#include <cmath>

namespace gw {

bool should_retry(const upstream_outcome& outcome, retry_class retry, int attempts_made,
                  const retry_settings& settings) {
  if (attempts_made >= settings.max_attempts) return false;
  switch (outcome.failure) {
    case upstream_failure::not_sent:
      return true;
    case upstream_failure::transport:
    case upstream_failure::timeout:
      return retry == retry_class::idempotent;
    case upstream_failure::none:
      return retry == retry_class::idempotent &&
             (outcome.status == 502 || outcome.status == 503 || outcome.status == 504);
    case upstream_failure::fail_fast:
      return false;
  }
  return false;
}

std::chrono::milliseconds backoff_for_attempt(int attempts_made, const retry_settings& settings) {
  double seconds = settings.backoff_seconds * std::ldexp(1.0, attempts_made < 1 ? 0 : attempts_made - 1);
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000.0)));
}

std::chrono::milliseconds worst_case_call_duration(const retry_settings& settings, double timeout_seconds) {
  auto total = std::chrono::milliseconds(0);
  for (int attempt = 1; attempt <= settings.max_attempts; ++attempt) {
    total += std::chrono::milliseconds(static_cast<long long>(std::ceil(timeout_seconds * 1000.0)));
    if (attempt < settings.max_attempts) total += backoff_for_attempt(attempt, settings);
  }
  return total;
}

}  // namespace gw
