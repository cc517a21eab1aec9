#include "telemetry/metrics.hpp"

#include <algorithm>
#include <cstdio>

#include "core/protocol/version.hpp"
#include "telemetry/exposition.hpp"

namespace gw {

namespace {
constexpr std::size_t route_count = static_cast<std::size_t>(metric_route::count);
constexpr std::size_t method_count = static_cast<std::size_t>(metric_method::count);
constexpr std::size_t status_slots = counted_statuses.size() + 1;  // + "other"
constexpr std::size_t bucket_slots = latency_bounds.size() + 1;    // + "+Inf"
constexpr std::size_t failure_kinds = static_cast<std::size_t>(upstream_failure_kind::count);
constexpr std::size_t late_kinds = static_cast<std::size_t>(late_create_kind::count);

using counter = std::atomic<std::uint64_t>;

// Only the owning thread writes a shard: a load and a store, no read-modify-write, is enough.
void bump(counter& c, std::uint64_t by = 1) {
  c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

std::size_t status_slot(unsigned status) {
  auto it = std::find(counted_statuses.begin(), counted_statuses.end(), status);
  return static_cast<std::size_t>(it - counted_statuses.begin());
}

std::size_t bucket_slot(double seconds) {
  auto it = std::lower_bound(latency_bounds.begin(), latency_bounds.end(), seconds);
  return static_cast<std::size_t>(it - latency_bounds.begin());
}

std::atomic<std::uint64_t> next_registry_id{1};

void append_help(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  append_metric_help(out, name, type, help);
}

void append_sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  append_metric_sample(out, name, labels, value);
}
}  // namespace

struct metrics_registry::shard {
  counter requests[route_count][method_count][status_slots]{};
  counter latency_buckets[route_count][bucket_slots]{};
  counter latency_sum_us[route_count]{};
  counter upstream_attempts{0};
  counter upstream_retries{0};
  counter upstream_failures[failure_kinds]{};
  counter fail_fast_rejections{0};
  counter late_creates[late_kinds]{};
};

metric_method metric_method_for(std::string_view method) {
  if (method == "GET") return metric_method::get;
  if (method == "POST") return metric_method::post;
  if (method == "DELETE") return metric_method::del;
  if (method == "HEAD") return metric_method::head;
  if (method == "OPTIONS") return metric_method::options;
  if (method == "PUT") return metric_method::put;
  if (method == "PATCH") return metric_method::patch;
  return metric_method::other;
}

std::string_view label_of(metric_route route) {
  static constexpr std::string_view labels[] = {"/healthz",
                                                "/health",
                                                "/api/v1/health",
                                                "/api/v1/runners",
                                                "/api/v1/runners/cleanup",
                                                "/api/v1/runners/{runner_id}",
                                                "/metrics",
                                                "/openapi.json",
                                                "/docs",
                                                "/redoc",
                                                "/webhooks/github",
                                                "other"};
  return labels[static_cast<std::size_t>(route)];
}

std::string_view label_of(metric_method method) {
  static constexpr std::string_view labels[] = {"GET",     "POST", "DELETE", "HEAD",
                                                "OPTIONS", "PUT",  "PATCH",  "other"};
  return labels[static_cast<std::size_t>(method)];
}

std::string_view label_of(upstream_failure_kind kind) {
  static constexpr std::string_view labels[] = {"connect", "transport", "timeout", "status_5xx"};
  return labels[static_cast<std::size_t>(kind)];
}

std::string_view label_of(late_create_kind kind) {
  static constexpr std::string_view labels[] = {"created", "failed", "unanswered"};
  return labels[static_cast<std::size_t>(kind)];
}

metrics_registry::metrics_registry() : id_(next_registry_id.fetch_add(1)) {}
metrics_registry::~metrics_registry() = default;

metrics_registry::shard& metrics_registry::local() {
  // One registry in practice: a thread finds its shard with one comparison.
  struct cached {
    std::uint64_t registry = 0;
    shard* owned = nullptr;
  };
  thread_local cached cache;
  if (cache.registry == id_) return *cache.owned;
  std::lock_guard<std::mutex> lock(shards_mutex_);
  shards_.push_back(std::make_unique<shard>());
  cache = {id_, shards_.back().get()};
  return *cache.owned;
}

void metrics_registry::count_request(metric_route route, metric_method method, unsigned status,
                                     std::chrono::steady_clock::duration elapsed) {
  auto& s = local();
  auto r = static_cast<std::size_t>(route);
  bump(s.requests[r][static_cast<std::size_t>(method)][status_slot(status)]);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  if (micros < 0) micros = 0;
  bump(s.latency_buckets[r][bucket_slot(static_cast<double>(micros) / 1e6)]);
  bump(s.latency_sum_us[r], static_cast<std::uint64_t>(micros));
}

void metrics_registry::count_upstream_attempt() {
  bump(local().upstream_attempts);
}

void metrics_registry::count_upstream_retry() {
  bump(local().upstream_retries);
}

void metrics_registry::count_upstream_failure(upstream_failure_kind kind) {
  bump(local().upstream_failures[static_cast<std::size_t>(kind)]);
}

void metrics_registry::count_fail_fast_rejection() {
  bump(local().fail_fast_rejections);
}

void metrics_registry::count_late_create(late_create_kind kind) {
  bump(local().late_creates[static_cast<std::size_t>(kind)]);
}

std::string metrics_registry::exposition(const metrics_gauges& gauges) const {
  // Sum the shards first, so the text is built without holding the lock.
  auto totals = std::make_unique<shard>();
  {
    std::lock_guard<std::mutex> lock(shards_mutex_);
    auto add = [](counter& to, const counter& from) {
      to.store(to.load(std::memory_order_relaxed) + from.load(std::memory_order_relaxed),
               std::memory_order_relaxed);
    };
    for (const auto& s : shards_) {
      for (std::size_t r = 0; r < route_count; ++r) {
        for (std::size_t m = 0; m < method_count; ++m)
          for (std::size_t k = 0; k < status_slots; ++k) add(totals->requests[r][m][k], s->requests[r][m][k]);
        for (std::size_t b = 0; b < bucket_slots; ++b)
          add(totals->latency_buckets[r][b], s->latency_buckets[r][b]);
        add(totals->latency_sum_us[r], s->latency_sum_us[r]);
      }
      add(totals->upstream_attempts, s->upstream_attempts);
      add(totals->upstream_retries, s->upstream_retries);
      for (std::size_t f = 0; f < failure_kinds; ++f)
        add(totals->upstream_failures[f], s->upstream_failures[f]);
      add(totals->fail_fast_rejections, s->fail_fast_rejections);
      for (std::size_t k = 0; k < late_kinds; ++k) add(totals->late_creates[k], s->late_creates[k]);
    }
  }
  auto value = [](const counter& c) { return static_cast<double>(c.load(std::memory_order_relaxed)); };

  std::string out;
  out.reserve(16384);
  append_help(out, "gha_gateway_build_info", "gauge", "Version of the running gateway.");
  append_sample(out, "gha_gateway_build_info", "version=\"" + std::string(version()) + "\"", 1);

  append_help(out, "gha_gateway_requests_total", "counter",
              "Requests answered, by route, method and status.");
  std::string labels;
  for (std::size_t r = 0; r < route_count; ++r)
    for (std::size_t m = 0; m < method_count; ++m)
      for (std::size_t k = 0; k < status_slots; ++k) {
        const auto& c = totals->requests[r][m][k];
        if (c.load(std::memory_order_relaxed) == 0) continue;
        labels = "route=\"";
        labels += label_of(static_cast<metric_route>(r));
        labels += "\",method=\"";
        labels += label_of(static_cast<metric_method>(m));
        labels += "\",status=\"";
        labels += k < counted_statuses.size() ? std::to_string(counted_statuses[k]) : "other";
        labels += '"';
        append_sample(out, "gha_gateway_requests_total", labels, value(c));
      }

  append_help(out, "gha_gateway_request_duration_seconds", "histogram",
              "Time from a request's first byte to its answer being handed to the socket, by route.");
  for (std::size_t r = 0; r < route_count; ++r) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < bucket_slots; ++b) cumulative += totals->latency_buckets[r][b].load();
    if (cumulative == 0) continue;
    std::string route = "route=\"" + std::string(label_of(static_cast<metric_route>(r))) + "\"";
    cumulative = 0;
    for (std::size_t b = 0; b < bucket_slots; ++b) {
      cumulative += totals->latency_buckets[r][b].load();
      std::string le = ",le=\"";
      if (b < latency_bounds.size()) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", latency_bounds[b]);
        le += text;
      } else {
        le += "+Inf";
      }
      le += '"';
      append_sample(out, "gha_gateway_request_duration_seconds_bucket", route + le,
                    static_cast<double>(cumulative));
    }
    append_sample(out, "gha_gateway_request_duration_seconds_sum", route,
                  value(totals->latency_sum_us[r]) / 1e6);
    append_sample(out, "gha_gateway_request_duration_seconds_count", route, static_cast<double>(cumulative));
  }

  append_help(out, "gha_gateway_upstream_attempts_total", "counter",
              "Attempts at the orchestrator (first attempts and retries).");
  append_sample(out, "gha_gateway_upstream_attempts_total", "", value(totals->upstream_attempts));
  append_help(out, "gha_gateway_upstream_retries_total", "counter",
              "Attempts at the orchestrator that were retries of a failed one.");
  append_sample(out, "gha_gateway_upstream_retries_total", "", value(totals->upstream_retries));
  append_help(out, "gha_gateway_upstream_failures_total", "counter",
              "Failed attempts at the orchestrator, by kind (connect, transport, timeout, status_5xx).");
  for (std::size_t f = 0; f < failure_kinds; ++f)
    append_sample(out, "gha_gateway_upstream_failures_total",
                  "kind=\"" + std::string(label_of(static_cast<upstream_failure_kind>(f))) + "\"",
                  value(totals->upstream_failures[f]));
  append_help(out, "gha_gateway_fail_fast_rejections_total", "counter",
              "Requests answered 503 at once because the orchestrator was known to be down.");
  append_sample(out, "gha_gateway_fail_fast_rejections_total", "", value(totals->fail_fast_rejections));
  append_help(out, "gha_gateway_late_create_outcomes_total", "counter",
              "Creates answered 504 at their client's deadline whose orchestrator call ran on, by how it "
              "ended (created, failed, unanswered).");
  for (std::size_t k = 0; k < late_kinds; ++k)
    append_sample(out, "gha_gateway_late_create_outcomes_total",
                  "outcome=\"" + std::string(label_of(static_cast<late_create_kind>(k))) + "\"",
                  value(totals->late_creates[k]));

  append_help(out, "gha_gateway_orchestrator_up", "gauge",
              "1 when the last health poll found the orchestrator healthy, else 0.");
  append_sample(out, "gha_gateway_orchestrator_up", "", gauges.orchestrator_healthy ? 1 : 0);
  append_help(out, "gha_gateway_orchestrator_state", "gauge",
              "The orchestrator's state as the health monitor last saw it (1 for the current state).");
  // The orchestrator's own status words are not trusted as label values: anything else is "unhealthy".
  std::string_view current = gauges.orchestrator_state;
  if (current != "healthy" && current != "busy" && current != "unreachable" && current != "unknown")
    current = "unhealthy";
  for (std::string_view state : {"healthy", "unhealthy", "busy", "unreachable", "unknown"})
    append_sample(out, "gha_gateway_orchestrator_state", "state=\"" + std::string(state) + "\"",
                  state == current ? 1 : 0);
  append_help(out, "gha_gateway_fail_fast_active", "gauge",
              "1 while forwarded requests are refused at once (orchestrator down, or busy past "
              "HEALTH_BUSY_LIMIT_SECONDS), else 0.");
  append_sample(out, "gha_gateway_fail_fast_active", "", gauges.fail_fast ? 1 : 0);
  append_help(out, "gha_gateway_requests_in_flight", "gauge", "Requests being served now.");
  append_sample(out, "gha_gateway_requests_in_flight", "", static_cast<double>(gauges.requests_in_flight));
  append_help(out, "gha_gateway_open_connections", "gauge", "Client connections open now.");
  append_sample(out, "gha_gateway_open_connections", "", static_cast<double>(gauges.open_connections));
  append_help(
      out, "gha_gateway_pending_answer_bytes", "gauge",
      "Bytes of answers waiting for clients that do not read them (at most MAX_PENDING_ANSWER_BYTES).");
  append_sample(out, "gha_gateway_pending_answer_bytes", "",
                static_cast<double>(gauges.pending_answer_bytes));
  render_declared_families(out);
  return out;
}

metrics_registry& gateway_metrics() {
  static metrics_registry registry;
  return registry;
}

}  // namespace gw
