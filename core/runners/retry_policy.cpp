#include "core/runners/retry_policy.hpp"

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

retry_step next_retry_step(const attempt_report& report, const retry_settings& settings) {
  using kind = retry_step::kind;
  const auto& outcome = report.outcome;
  // A dead idle connection says nothing of the orchestrator: the same attempt goes on a new one.
  if (outcome.stale_connection && report.now < report.attempt_deadline &&
      (outcome.failure == upstream_failure::not_sent || report.retry == retry_class::idempotent))
    return {kind::again_on_new_connection};
  if (report.orchestrator_down || !should_retry(outcome, report.retry, report.attempts_made, settings))
    return {kind::settle};
  auto delay = backoff_for_attempt(report.attempts_made, settings);
  // A retry that could not even start before the caller's deadline is not worth waiting for.
  if (report.now + delay >= report.call_deadline) return {kind::settle};
  return {kind::again_after_backoff, delay};
}

}  // namespace gw
