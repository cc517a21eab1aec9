// gha-gateway: reads the configuration, builds one I/O worker per thread (listener, request handler,
// orchestrator pool), starts the actors that own state and time (health monitor, retries), serves until
// SIGTERM/SIGINT, and shuts down in order.
#include <spdlog/spdlog.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/send.hpp>

#include <cmath>
#include <iostream>
#include <vector>

#include "actors/health_monitor.hpp"
#include "actors/orchestrator_proxy.hpp"
#include "app/logging.hpp"
#include "app/shutdown.hpp"
#include "core/config.hpp"
#include "core/health_board.hpp"
#include "core/version.hpp"
#include "http/io_pool.hpp"
#include "http/request_handler.hpp"
#include "http/server.hpp"

namespace {

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

  forward_settings forwarding{{config.retry_max_attempts, config.retry_backoff_seconds},
                              millis(config.orchestrator_timeout_seconds)};
  auto proxy =
      sys.spawn(orchestrator_proxy, proxy_settings{forwarding.retry, forwarding.attempt_timeout, &board});
  auto interval = millis(config.health_check_interval_seconds);
  auto monitor =
      sys.spawn(health_monitor, health_monitor_deps{clients[0].get(), interval,
                                                    std::min(interval, forwarding.attempt_timeout), &board});

  auto cors = parse_cors_origins(config.cors_origins);
  std::vector<std::unique_ptr<request_handler>> handlers;
  std::vector<worker_binding> workers;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    handlers.push_back(
        std::make_unique<request_handler>(cors, board, *clients[i], forwarding,
                                          [proxy](retry_job job) { caf::anon_send(proxy, std::move(job)); }));
    workers.push_back({&pool.context(i),
                       [h = handlers.back().get()](incoming_request req, std::shared_ptr<reply_sink> sink) {
                         h->handle(std::move(req), std::move(sink));
                       }});
  }

  server_settings settings;
  settings.max_body_bytes = config.max_body_bytes;
  settings.cors = cors;
  http_server server(settings);

  auto stop_actors = [&] {
    caf::anon_send_exit(proxy, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(monitor, caf::exit_reason::user_shutdown);
  };
  if (auto err = server.listen(config.host, config.port, std::move(workers)); !err.empty()) {
    spdlog::error("{}", err);
    stop_actors();
    return 1;
  }
  arm_graceful_shutdown(pool, server, millis(config.shutdown_grace_seconds));
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
  gw::setup_logging(outcome.config->log_level);
  return run(*outcome.config);
}
