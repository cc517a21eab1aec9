// Prometheus metrics. Each thread counts into its own shard (relaxed atomics on memory no other thread
// writes), so the request path takes no lock and shares no cache line; a scrape sums the shards.
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
  // Audited calls by key name, action and outcome (rare: behind a mutex; at most max_audit_series series).
  void count_audit_event(std::string_view key, std::string_view action, std::string_view outcome);
  // A configuration load (start-up or reload): when it succeeded last, whether the last one failed.
  void record_config_load(bool succeeded, double unix_seconds, std::size_t api_keys);
  static constexpr std::size_t max_audit_series = 10000;
  // The shared store (REDIS_URL): its connections (one per I/O thread) and what its absence cost.
  void set_redis_connections(std::size_t configured);
  void redis_connection_changed(bool up);
  void count_rate_limit_fail_open();
  void count_idempotency_store_unavailable();
  // Redis answered a command with an error (out of memory, read-only replica...) or broke the protocol.
  void count_redis_error_reply();
  void count_redis_protocol_violation();
  // A connection closed because its unread answer would have gone past MAX_PENDING_ANSWER_BYTES.
  void count_slow_reader_dropped();

  // The Prometheus text exposition format, version 0.0.4.
  std::string exposition(const metrics_gauges& gauges) const;

  struct shard;

 private:
  shard& local();

  mutable std::mutex shards_mutex_;                    // taken when a thread first counts, and by scrapes
  mutable std::mutex rare_mutex_;                      // the audit counts and the configuration load status
  std::map<std::string, std::uint64_t> audit_events_;  // by their label text
  struct config_load_status {
    double last_success_unix = 0;
    bool last_failed = false;
    std::uint64_t successes = 0, failures = 0;
    std::size_t api_keys = 0;
  } config_load_;
  std::vector<std::unique_ptr<shard>> shards_;
  std::uint64_t id_;
  std::atomic<std::uint64_t> redis_connections_{0}, redis_connections_up_{0};
  std::atomic<std::uint64_t> rate_limit_fail_open_{0}, idempotency_store_unavailable_{0};
  std::atomic<std::uint64_t> redis_error_replies_{0}, redis_protocol_violations_{0};
  std::atomic<std::uint64_t> slow_readers_dropped_{0};
};

// The process's registry, used by the server, the upstream client and the actors.
metrics_registry& gateway_metrics();

}  // namespace gw
