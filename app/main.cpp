// gha-gateway: reads the configuration, wires the actors to the HTTP server and the upstream client,
// serves until SIGTERM/SIGINT, and shuts down in order.
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/send.hpp>

#include <cmath>
#include <iostream>
#include <thread>
#include <vector>

#include "actors/front.hpp"
#include "actors/health_monitor.hpp"
#include "actors/orchestrator_proxy.hpp"
#include "actors/validator.hpp"
#include "app/logging.hpp"
#include "app/shutdown.hpp"
#include "core/config.hpp"
#include "core/version.hpp"
#include "http/server.hpp"

namespace {

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000.0)));
}

int run(const gw::gateway_config& config) {
  using namespace gw;
  boost::asio::io_context ioc{config.io_threads};

  caf::actor_system_config caf_config;
  caf_config.set("scheduler.max-threads", static_cast<size_t>(config.actor_threads));
  caf::actor_system sys{caf_config};

  auto client = std::make_shared<upstream_client>(
      ioc, upstream_endpoint{config.upstream_host, config.upstream_port, config.upstream_base_path,
                             "GHA-API-Gateway/" + std::string(version())});

  proxy_settings proxy_config{{config.retry_max_attempts, config.retry_backoff_seconds},
                              millis(config.orchestrator_timeout_seconds)};
  auto call_budget = worst_case_call_duration(proxy_config.retry, config.orchestrator_timeout_seconds);

  auto validator_handle = sys.spawn<validator>();
  auto proxy_handle = sys.spawn(orchestrator_proxy, client, proxy_config);
  auto cors = parse_cors_origins(config.cors_origins);
  auto front_handle = sys.spawn(front, front_deps{cors, request_deps{validator_handle, proxy_handle,
                                                                     call_budget + std::chrono::seconds(1)}});
  auto interval = millis(config.health_check_interval_seconds);
  auto monitor_handle = sys.spawn(
      health_monitor, health_monitor_deps{client, interval, std::min(interval, proxy_config.attempt_timeout),
                                          front_handle, proxy_handle});

  server_settings settings;
  settings.max_body_bytes = config.max_body_bytes;
  settings.cors = cors;
  http_server server(ioc, settings,
                     [front_handle](http_job job) { caf::anon_send(front_handle, std::move(job)); });

  auto stop_actors = [&] {
    for (auto& a :
         {caf::actor_cast<caf::actor>(front_handle), caf::actor_cast<caf::actor>(proxy_handle),
          caf::actor_cast<caf::actor>(validator_handle), caf::actor_cast<caf::actor>(monitor_handle)})
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  };

  if (auto err = server.listen(config.host, config.port); !err.empty()) {
    spdlog::error("{}", err);
    stop_actors();
    return 1;
  }
  arm_graceful_shutdown(ioc, server, millis(config.shutdown_grace_seconds));
  spdlog::info("gha-gateway {} listening on {}:{}, orchestrator {} ({} I/O thread(s), {} actor thread(s))",
               version(), config.host, config.port, config.orchestrator_url, config.io_threads,
               config.actor_threads);

  std::vector<std::thread> io_threads;
  for (int i = 1; i < config.io_threads; ++i) io_threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : io_threads) t.join();

  server.release_dispatch();
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
