#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include "telemetry/metrics.hpp"

namespace {
// "name{labels}" -> value, from an exposition; checks every line is a comment or a sample.
std::map<std::string, double> samples_of(const std::string& text) {
  std::map<std::string, double> samples;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) continue;
    auto space = line.rfind(' ');
    REQUIRE(space != std::string::npos);
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

using std::chrono::microseconds;
using std::chrono::milliseconds;
}  // namespace

TEST_CASE("routes are labelled by path family (a template), so runner ids never become label values") {
  CHECK(gw::path_family_of("/api/v1/runners") == gw::metric_route::runners);
  CHECK(gw::path_family_of("/api/v1/runners/runner-abc") == gw::metric_route::runner);
  CHECK(gw::path_family_of("/api/v1/runners/cleanup") == gw::metric_route::runners_cleanup);
  CHECK(gw::path_family_of("/api/v1/runners/") == gw::metric_route::runner);  // answered 400: a bad id
  CHECK(gw::path_family_of("/api/v1/runnersX") == gw::metric_route::other);
  CHECK(gw::path_family_of("/healthz") == gw::metric_route::healthz);
  CHECK(gw::path_family_of("/docs/swagger-ui.css") == gw::metric_route::docs);
  CHECK(gw::path_family_of("/docsX") == gw::metric_route::other);
  CHECK(gw::path_family_of("/anything/else") == gw::metric_route::other);
  CHECK(gw::metric_method_for("DELETE") == gw::metric_method::del);
  CHECK(gw::metric_method_for("BREW") == gw::metric_method::other);
}

TEST_CASE("requests are counted by route, method and status, with a cumulative latency histogram") {
  gw::metrics_registry metrics;
  metrics.count_request(gw::metric_route::runners, gw::metric_method::get, 200, microseconds(300));
  metrics.count_request(gw::metric_route::runners, gw::metric_method::get, 200, milliseconds(3));
  metrics.count_request(gw::metric_route::runners, gw::metric_method::post, 400, microseconds(100));
  metrics.count_request(gw::metric_route::runner, gw::metric_method::del, 418, milliseconds(60000));
  auto s = samples_of(metrics.exposition({}));
  CHECK(s["gha_gateway_requests_total{route=\"/api/v1/runners\",method=\"GET\",status=\"200\"}"] == 2);
  CHECK(s["gha_gateway_requests_total{route=\"/api/v1/runners\",method=\"POST\",status=\"400\"}"] == 1);
  CHECK(s["gha_gateway_requests_total{route=\"/api/v1/runners/"
          "{runner_id}\",method=\"DELETE\",status=\"other\"}"] == 1);
  CHECK(s.count("gha_gateway_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}") == 0);
  CHECK(s["gha_gateway_request_duration_seconds_bucket{route=\"/api/v1/runners\",le=\"0.0005\"}"] == 2);
  CHECK(s["gha_gateway_request_duration_seconds_bucket{route=\"/api/v1/runners\",le=\"0.001\"}"] == 2);
  CHECK(s["gha_gateway_request_duration_seconds_bucket{route=\"/api/v1/runners\",le=\"0.005\"}"] == 3);
  CHECK(s["gha_gateway_request_duration_seconds_bucket{route=\"/api/v1/runners\",le=\"+Inf\"}"] == 3);
  CHECK(s["gha_gateway_request_duration_seconds_count{route=\"/api/v1/runners\"}"] == 3);
  CHECK(s["gha_gateway_request_duration_seconds_sum{route=\"/api/v1/runners\"}"] == Approx(0.0034));
  CHECK(s["gha_gateway_request_duration_seconds_bucket{route=\"/api/v1/runners/{runner_id}\",le=\"30\"}"] ==
        0);
  CHECK(s["gha_gateway_request_duration_seconds_bucket{route=\"/api/v1/runners/{runner_id}\",le=\"+Inf\"}"] ==
        1);
}

TEST_CASE("upstream attempts, retries, failures by kind and the gauges are exposed") {
  gw::metrics_registry metrics;
  metrics.count_upstream_attempt();
  metrics.count_upstream_attempt();
  metrics.count_upstream_retry();
  metrics.count_upstream_failure(gw::upstream_failure_kind::timeout);
  metrics.count_fail_fast_rejection();
  gw::metrics_gauges gauges;
  gauges.orchestrator_state = "unreachable";
  gauges.fail_fast = true;
  gauges.requests_in_flight = 7;
  gauges.open_connections = 12;
  auto s = samples_of(metrics.exposition(gauges));
  CHECK(s["gha_gateway_upstream_attempts_total"] == 2);
  CHECK(s["gha_gateway_upstream_retries_total"] == 1);
  CHECK(s["gha_gateway_upstream_failures_total{kind=\"timeout\"}"] == 1);
  CHECK(s["gha_gateway_upstream_failures_total{kind=\"connect\"}"] == 0);
  CHECK(s["gha_gateway_fail_fast_rejections_total"] == 1);
  CHECK(s["gha_gateway_orchestrator_up"] == 0);
  CHECK(s["gha_gateway_orchestrator_state{state=\"unreachable\"}"] == 1);
  CHECK(s["gha_gateway_orchestrator_state{state=\"healthy\"}"] == 0);
  CHECK(s["gha_gateway_fail_fast_active"] == 1);
  CHECK(s["gha_gateway_requests_in_flight"] == 7);
  CHECK(s["gha_gateway_open_connections"] == 12);
}

TEST_CASE("an orchestrator's own status word never becomes a label value") {
  gw::metrics_registry metrics;
  gw::metrics_gauges gauges;
  gauges.orchestrator_state = "evil\"} 1\ninjected 1";
  auto text = metrics.exposition(gauges);
  CHECK(text.find("injected") == std::string::npos);
  auto s = samples_of(text);
  CHECK(s["gha_gateway_orchestrator_state{state=\"unhealthy\"}"] == 1);
}

TEST_CASE("counts from many threads are all summed (each thread has its own shard)") {
  gw::metrics_registry metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        metrics.count_request(gw::metric_route::healthz, gw::metric_method::get, 200, microseconds(10));
        metrics.count_upstream_attempt();
      }
    });
  // A scrape while they count must not disturb them.
  for (int i = 0; i < 20; ++i) (void)metrics.exposition({});
  for (auto& t : threads) t.join();
  auto s = samples_of(metrics.exposition({}));
  CHECK(s["gha_gateway_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"] == 80000);
  CHECK(s["gha_gateway_upstream_attempts_total"] == 80000);
}
