// What the webhook intake counts, declared here (its families render themselves in /metrics): deliveries by
// event, action and outcome; jobs waiting for their runner; time from a job's receipt to the orchestrator's
// answer to its create; GitHub's own queue time of the jobs that got our runners (in_progress minus
// created_at).
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "telemetry/exposition.hpp"

namespace gw {

// A delivery's outcome, as its label says: created (a job accepted), duplicate, ignored (not ours, or
// an event or action that creates nothing), refused (403, 400, 413, 503), bad_signature (401, 429).
class webhook_metrics_registry {
 public:
  webhook_metrics_registry();
  // `event` and `action` are bounded by the caller (known words, else "other").
  void count_delivery(std::string_view event, std::string_view action, std::string_view outcome);
  std::uint64_t deliveries(std::string_view event, std::string_view action, std::string_view outcome) const;
  void count_job_result(std::string_view result);  // created, dropped, maybe_created, refused
  void set_jobs_pending(std::size_t n) { jobs_pending_.set(static_cast<double>(n)); }
  void set_runners_counted(std::size_t n) { runners_counted_.set(static_cast<double>(n)); }
  void observe_create_latency(double seconds) { create_latency_.observe(seconds); }
  void observe_github_queue_time(double seconds) { github_queue_time_.observe(seconds); }

 private:
  labelled_counter deliveries_;
  labelled_counter job_results_;
  histogram create_latency_;
  histogram github_queue_time_;
  gauge_metric jobs_pending_;
  gauge_metric runners_counted_;
};

webhook_metrics_registry& webhook_metrics();

}  // namespace gw
