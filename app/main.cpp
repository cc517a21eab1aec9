// gha-gateway: reads the configuration, builds one I/O worker per thread (listener, request handler,
// orchestrator pool), starts the actors that own state and time (health monitor, retries), serves until
// SIGTERM/SIGINT, and shuts down in order.
#include <spdlog/spdlog.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/send.hpp>

#include <unistd.h>

#include <sys/stat.h>
#include <cmath>
#include <iostream>
#include <vector>

#include "actors/health_monitor.hpp"
#include "actors/orchestrator_proxy.hpp"
#include "app/healthcheck.hpp"
#include "app/logging.hpp"
#include "app/shutdown.hpp"
#include "core/config.hpp"
#include "core/health_board.hpp"
#include "core/version.hpp"
#include "http/io_pool.hpp"
#include "http/request_handler.hpp"
#include "http/server.hpp"

namespace {

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// DOCS_ASSETS_DIR, else docs-ui/ beside the binary (a build tree), else ../share/gha-gateway/docs-ui
// (installed).
std::string docs_assets_dir(const std::string& configured) {
  if (!configured.empty()) return configured;
  char exe[4096];
  auto n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return "docs-ui";
  std::string dir(exe, static_cast<std::size_t>(n));
  dir.resize(dir.rfind('/'));
  struct stat info {};
  if (::stat((dir + "/docs-ui").c_str(), &info) == 0) return dir + "/docs-ui";
  return dir + "/../share/gha-gateway/docs-ui";
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000.0)));
}

int run(const gw::gateway_config& config) {
  using namespace gw;
  // Declaration order is destruction order in reverse: the I/O contexts outlive the actor system, which
  // outlives the handlers (they hold the proxy's handle).
  io_pool pool(config.io_threads);
  health_board board;
  caf::actor_system_config caf_config;
  caf_config.set("scheduler.max-threads", static_cast<size_t>(config.actor_threads));
  // The actors are idle most of the time: workers that sleep on a condition variable, not ones that poll.
  caf_config.set("scheduler.policy", caf::atom("sharing"));
  caf::actor_system sys{caf_config};

  upstream_endpoint endpoint{config.upstream_host, config.upstream_port, config.upstream_base_path,
                             "GHA-API-Gateway/" + std::string(version())};
  std::vector<std::unique_ptr<upstream_client>> clients;
  for (std::size_t i = 0; i < pool.size(); ++i)
    clients.push_back(std::make_unique<upstream_client>(pool.context(i), endpoint));

  handler_shared shared;
  auto& forwarding = shared.forwarding;
  forwarding.retry = {config.retry_max_attempts, config.retry_backoff_seconds};
  forwarding.attempt_timeout = millis(config.orchestrator_timeout_seconds);
  forwarding.request_timeout =
      config.request_timeout_seconds > 0
          ? millis(config.request_timeout_seconds)
          : worst_case_call_duration(forwarding.retry, config.orchestrator_timeout_seconds) +
                std::chrono::seconds(1);
  shared.cors = parse_cors_origins(config.cors_origins);
  shared.keys = api_keys(config.api_keys);
  shared.limiter.emplace(config.rate_limit_rps, config.rate_limit_burst);
  if (auto missing = shared.docs.load_assets(docs_assets_dir(config.docs_assets_dir)); !missing.empty())
    spdlog::warn("{}: /docs and /redoc answer 503 (/openapi.json still works)", missing);
  auto proxy =
      sys.spawn(orchestrator_proxy, proxy_settings{forwarding.retry, forwarding.attempt_timeout, &board});
  auto interval = millis(config.health_check_interval_seconds);
  auto monitor =
      sys.spawn(health_monitor, health_monitor_deps{clients[0].get(), interval,
                                                    std::min(interval, forwarding.attempt_timeout), &board});

  std::vector<std::unique_ptr<request_handler>> handlers;
  std::vector<worker_binding> workers;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    handlers.push_back(std::make_unique<request_handler>(
        shared, board, *clients[i], [proxy](retry_job job) { caf::anon_send(proxy, std::move(job)); }));
    workers.push_back({&pool.context(i),
                       [h = handlers.back().get()](incoming_request req, std::shared_ptr<reply_sink> sink) {
                         h->handle(std::move(req), std::move(sink));
                       }});
  }

  server_settings settings;
  settings.max_body_bytes = config.max_body_bytes;
  settings.max_header_bytes = config.max_header_bytes;
  settings.max_url_bytes = config.max_url_bytes;
  settings.idle_timeout = millis(config.keepalive_timeout_seconds);
  settings.read_timeout = millis(config.client_read_timeout_seconds);
  settings.max_connections = config.max_connections;
  settings.max_requests_in_flight = config.max_requests_in_flight;
  settings.cors = shared.cors;
  http_server server(settings);
  shared.gauges = [&board, &server] {
    auto health = board.snapshot();
    metrics_gauges gauges;
    gauges.orchestrator_state = health.orchestrator;
    gauges.orchestrator_healthy = health.healthy();
    gauges.fail_fast = board.orchestrator_down();
    gauges.requests_in_flight = server.requests_in_flight();
    gauges.open_connections = server.open_connections();
    return gauges;
  };

  // The actors use the clients, the board and the I/O contexts: they must be gone before those are.
  auto stop_actors = [&] {
    caf::anon_send_exit(proxy, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(monitor, caf::exit_reason::user_shutdown);
    sys.await_all_actors_done();
  };
  if (auto err = server.listen(config.host, config.port, std::move(workers)); !err.empty()) {
    spdlog::error("{}", err);
    stop_actors();
    return 1;
  }
  arm_graceful_shutdown(pool, server, millis(config.shutdown_grace_seconds));
  if (!shared.keys.enabled() && !is_loopback_host(config.host))
    spdlog::warn(
        "listening on {} without API keys: anyone who reaches this port can create runners "
        "(set API_KEYS or API_KEYS_FILE)",
        config.host);
  if (shared.keys.enabled())
    spdlog::info("API keys required on /api/v1/ routes ({} key(s) loaded)", shared.keys.size());
  spdlog::info("gha-gateway {} listening on {}:{}, orchestrator {} ({} I/O thread(s), {} actor thread(s))",
               version(), config.host, config.port, config.orchestrator_url, config.io_threads,
               config.actor_threads);

  pool.run();
  stop_actors();
  spdlog::info("gha-gateway stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto outcome = gw::parse_config(gw::process_environment(), args);
  if (outcome.help) {
    std::cout << gw::help_text();
    return 0;
  }
  if (outcome.version) {
    std::cout << "gha-gateway " << gw::version() << "\n";
    return 0;
  }
  if (!outcome.config) {
    std::cerr << "gha-gateway: configuration error: " << outcome.error << "\n";
    return 2;
  }
  if (outcome.healthcheck)
    return gw::probe_own_port("gha-gateway", outcome.config->host, outcome.config->port, "/healthz",
                              std::chrono::seconds(3));
  gw::setup_logging(outcome.config->log_level, outcome.config->log_format);
  return run(*outcome.config);
}
