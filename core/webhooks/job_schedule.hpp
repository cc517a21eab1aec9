// When an accepted webhook job may go to the orchestrator: not before its backoff has passed, not beyond
// the caps, and not at all once WEBHOOK_JOB_TTL_SECONDS have passed since it was received. Time is passed in.
#pragma once
#include <chrono>
#include <string>

#include "core/webhooks/runner_caps.hpp"

namespace gw {

struct job_schedule {
  using time_point = std::chrono::steady_clock::time_point;
  std::string scope;  // scope_key()
  time_point received_at;
  time_point not_before;  // received_at, then pushed back after each failed try
  unsigned failures = 0;  // tries that did not reach a working orchestrator
};

bool job_expired(const job_schedule& job, job_schedule::time_point now, std::chrono::milliseconds ttl);
bool job_can_go(const job_schedule& job, const fleet_ledger& ledger, const runner_caps& caps,
                job_schedule::time_point now);
// After a try that did not reach a working orchestrator: one more failure, and its backoff.
void job_failed(job_schedule& job, job_schedule::time_point now);

}  // namespace gw
