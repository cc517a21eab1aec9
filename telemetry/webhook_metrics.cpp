#include "telemetry/webhook_metrics.hpp"

namespace gw {

namespace {
const std::vector<double> latency_bounds_seconds{0.1, 0.5, 1,   2.5, 5,   10,   15,
                                                 30,  60,  120, 300, 600, 1800, 3600};
}

webhook_metrics_registry::webhook_metrics_registry()
    : deliveries_("gha_gateway_webhook_deliveries_total",
                  "GitHub webhook deliveries, by event, action and outcome (created, duplicate, ignored, "
                  "refused, bad_signature)."),
      job_results_("gha_gateway_webhook_jobs_total",
                   "Accepted webhook jobs by how their create ended: created, maybe_created (the attempt was "
                   "lost after it was sent: never sent again), refused (the orchestrator said no), dropped "
                   "(WEBHOOK_JOB_TTL_SECONDS passed, or shutdown)."),
      create_latency_("gha_gateway_webhook_job_create_seconds",
                      "Time from a job's delivery to the orchestrator's answer to its runner's create.",
                      latency_bounds_seconds),
      github_queue_time_("gha_gateway_webhook_github_queue_seconds",
                         "GitHub's queue time of jobs that got a runner: in_progress time minus created_at.",
                         latency_bounds_seconds),
      jobs_pending_("gha_gateway_webhook_jobs_pending",
                    "Accepted webhook jobs waiting for their runner's create (queued, capped or retrying)."),
      runners_counted_("gha_gateway_webhook_runners_counted",
                       "Runners the webhook caps count now: creates in flight plus runners made for jobs and "
                       "not yet known to be gone.") {}

void webhook_metrics_registry::count_delivery(std::string_view event, std::string_view action,
                                              std::string_view outcome) {
  std::string labels = "event=\"";
  labels += event;
  labels += "\",action=\"";
  labels += action;
  labels += "\",outcome=\"";
  labels += outcome;
  labels += '"';
  deliveries_.add(labels);
}

std::uint64_t webhook_metrics_registry::deliveries(std::string_view event, std::string_view action,
                                                   std::string_view outcome) const {
  return deliveries_.value("event=\"" + std::string(event) + "\",action=\"" + std::string(action) +
                           "\",outcome=\"" + std::string(outcome) + "\"");
}

void webhook_metrics_registry::count_job_result(std::string_view result) {
  job_results_.add("result=\"" + std::string(result) + "\"");
}

namespace {
// Made before main (not on first use), so /metrics shows its families from the start.
webhook_metrics_registry registry;
}  // namespace

webhook_metrics_registry& webhook_metrics() {
  return registry;
}

}  // namespace gw
