// The request path's Prometheus metrics: requests, upstream attempts, fail-fast, late creates. Each thread
// counts into its own shard (relaxed atomics on memory no other thread writes), so the request path takes
// no lock and shares no cache line; a scrape sums the shards, then renders every family the other units
// declared for themselves (telemetry/exposition).
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/routes.hpp"

namespace gw {

// Routes are labelled by path family (as templates), so a runner id never becomes a label value.
using metric_route = path_family;
enum class metric_method : std::uint8_t { get, post, del, head, options, put, patch, other, count };
enum class upstream_failure_kind : std::uint8_t { connect, transport, timeout, status_5xx, count };
// How a create that outlived its client's deadline ended: the orchestrator answered 2xx, answered an
// error, or never answered within the create's own budget (or the connection broke).
enum class late_create_kind : std::uint8_t { created, failed, unanswered, count };

metric_method metric_method_for(std::string_view method);
std::string_view label_of(metric_route route);
std::string_view label_of(metric_method method);
std::string_view label_of(upstream_failure_kind kind);
std::string_view label_of(late_create_kind kind);

// Statuses the gateway can answer, each with its own series; anything else counts as "other".
inline constexpr std::array<unsigned, 24> counted_statuses{200, 201, 202, 204, 301, 304, 400, 401,
                                                           403, 404, 405, 408, 409, 413, 414, 415,
                                                           422, 429, 431, 500, 501, 502, 503, 504};
// Latency histogram upper bounds, in seconds (+Inf is implicit).
inline constexpr std::array<double, 15> latency_bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                       0.25,   0.5,   1,      2.5,   5,    10,    30};

// What a scrape reads from elsewhere in the process.
struct metrics_gauges {
  std::string orchestrator_state;  // healthy, busy, unreachable, unhealthy, unknown...
  bool orchestrator_healthy = false;
  bool fail_fast = false;
  std::uint64_t requests_in_flight = 0;
  std::uint64_t open_connections = 0;
  std::uint64_t pending_answer_bytes = 0;  // pinned by clients that do not read their answers
};

class metrics_registry {
 public:
  metrics_registry();
  ~metrics_registry();
  metrics_registry(const metrics_registry&) = delete;
  metrics_registry& operator=(const metrics_registry&) = delete;

  void count_request(metric_route route, metric_method method, unsigned status,
                     std::chrono::steady_clock::duration elapsed);
  void count_upstream_attempt();
  void count_upstream_retry();
  void count_upstream_failure(upstream_failure_kind kind);
  void count_fail_fast_rejection();
  void count_late_create(late_create_kind kind);

  // The Prometheus text exposition format, version 0.0.4.
  std::string exposition(const metrics_gauges& gauges) const;

  struct shard;

 private:
  shard& local();

  mutable std::mutex shards_mutex_;  // taken when a thread first counts, and by scrapes
  std::vector<std::unique_ptr<shard>> shards_;
  std::uint64_t id_;
};

// The process's registry, used by the server, the upstream client and the actors.
metrics_registry& gateway_metrics();

}  // namespace gw
