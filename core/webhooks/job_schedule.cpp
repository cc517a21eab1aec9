#include "core/webhooks/job_schedule.hpp"

#include <cmath>

#include "core/webhooks/job_intake.hpp"

namespace gw {

bool job_expired(const job_schedule& job, job_schedule::time_point now, std::chrono::milliseconds ttl) {
  return now - job.received_at >= ttl;
}

bool job_can_go(const job_schedule& job, const fleet_ledger& ledger, const runner_caps& caps,
                job_schedule::time_point now) {
  return job.not_before <= now && ledger.allows(job.scope, caps);
}

void job_failed(job_schedule& job, job_schedule::time_point now) {
  ++job.failures;
  auto delay = std::chrono::milliseconds(
      static_cast<long long>(std::ceil(redispatch_delay_seconds(job.failures) * 1000)));
  job.not_before = now + delay;
}

}  // namespace gw
