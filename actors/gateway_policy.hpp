// What every front and request actor reads and nobody changes after start-up: CORS, keys, limits, the
// documentation assets, and the server's gauges. (The rate limiter locks internally.)
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>

#include "core/api_keys.hpp"
#include "core/cors.hpp"
#include "core/docs_site.hpp"
#include "core/rate_limiter.hpp"
#include "core/time_budget.hpp"
#include "telemetry/metrics.hpp"

namespace gw {

struct gateway_policy {
  cors_policy cors;
  api_keys keys;
  // Engaged at start-up; built in place (it holds mutexes) and safe to use from any thread.
  mutable std::optional<rate_limiter> limiter;
  mutable std::optional<rate_limiter> auth_failures;  // failed keys, per address
  docs_site docs;
  time_budget_settings budgets;  // per-call attempt timeouts and the client's deadline
  std::size_t max_requests_in_flight = 1024;
  const std::atomic<std::size_t>* requests_in_flight = nullptr;  // counted by the sessions
  std::function<metrics_gauges()> server_gauges;                 // read on a scrape of /metrics
};

}  // namespace gw
