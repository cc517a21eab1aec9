// The process's context: what every front and request actor reads and nobody changes after start-up: the
// in-process stores (stores/: rate-limit buckets, Idempotency-Key records; they lock internally), the
// documentation assets, time budgets, the webhook settings and the server's gauges. What a reload changes
// (CORS, keys, limits) comes as an access_snapshot, one per request.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>

#include "core/protocol/docs_site.hpp"
#include "core/runners/time_budget.hpp"
#include "core/webhooks/webhook_settings.hpp"
#include "stores/idempotency_store.hpp"
#include "stores/rate_limiter.hpp"
#include "telemetry/metrics.hpp"

namespace gw {

struct process_context {
  // Built in place (they hold mutexes) and safe to use from any thread.
  mutable rate_limiter limiter;
  mutable rate_limiter auth_failures;                    // failed keys, per address
  mutable std::optional<idempotency_store> idempotency;  // engaged at start-up (it holds mutexes)
  docs_site docs;
  time_budget_settings budgets;  // per-call attempt timeouts and the client's deadline
  webhook_settings webhooks;     // which jobs are ours, for which scope (the secrets reload with the access)
  std::size_t max_requests_in_flight = 1024;
  const std::atomic<std::size_t>* requests_in_flight = nullptr;  // counted by the sessions
  std::function<metrics_gauges()> server_gauges;                 // read on a scrape of /metrics
};

}  // namespace gw
