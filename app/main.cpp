// gha-gateway: reads the configuration, starts the I/O threads (each one an Asio io_context and a CAF
// worker), spawns each thread's front actor (which spawns its validator and proxy) and the health monitor,
// serves until SIGTERM/SIGINT, and shuts down in order.
#include <spdlog/spdlog.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/send.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <iostream>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>

#include "actors/front_actor.hpp"
#include "actors/health_monitor.hpp"
#include "actors/io_scheduler.hpp"
#include "actors/process_context.hpp"
#include "actors/webhook_dispatcher.hpp"
#include "app/healthcheck.hpp"
#include "app/logging.hpp"
#include "app/settings_reload.hpp"
#include "app/shutdown.hpp"
#include "app/startup_inputs.hpp"
#include "core/config/access_snapshot.hpp"
#include "core/config/config.hpp"
#include "core/protocol/request_id.hpp"
#include "core/protocol/version.hpp"
#include "http/redis_connection.hpp"
#include "http/server.hpp"
#include "http/upstream_client.hpp"

namespace {

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000.0)));
}

// Runs `fn` on worker `worker`'s thread and waits for it.
template <class F>
void on_thread(gw::io_worker& worker, F fn) {
  std::promise<void> done;
  boost::asio::post(worker.context(), [&] {
    fn();
    done.set_value();
  });
  done.get_future().wait();
}

// Each I/O thread gets its own copy of a snapshot: every request takes a reference to it, and one reference
// count shared by all threads would bounce its cache line between them on every request.
gw::access_snapshot copy_for_one_thread(const gw::access_snapshot& snapshot) {
  return std::make_shared<const gw::access_settings>(*snapshot);
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : ",") + word;
  return text;
}

int run(const gw::gateway_config& config, const gw::environment& process,
        const std::vector<std::string>& args, gw::loaded_configuration loaded) {
  using namespace gw;
  // Declaration order matters: what sessions and request actors use (the policy, the front handles)
  // outlives the actor system, whose destruction stops the I/O threads and frees what they still hold;
  // the server and the clients go before it (their objects on the I/O threads live on in their handlers).
  process_context policy;
  policy.idempotency.emplace(millis(config.idempotency_ttl_seconds), config.idempotency_max_records,
                             config.idempotency_max_records_per_caller,
                             millis(config.idempotency_error_ttl_seconds));
  std::size_t key_count = loaded.keys.size(), secret_count = loaded.webhook_secrets.size();
  auto access = make_access_snapshot(config, std::move(loaded.keys), std::move(loaded.webhook_secrets));
  policy.webhooks = config.webhooks;
  record_config_load(true, key_count);
  auto assets_dir = docs_assets_dir(config.docs_assets_dir);
  if (auto missing = policy.docs.use_assets(read_docs_assets(assets_dir), assets_dir); !missing.empty())
    spdlog::warn("{}: /docs and /redoc answer 503 (/openapi.json still works)", missing);
  retry_settings retry{config.retry_max_attempts, config.retry_backoff_seconds};
  auto attempt_timeout = millis(config.orchestrator_timeout_seconds);
  policy.budgets = {attempt_timeout, millis(config.create_seconds_per_runner),
                    millis(config.destroy_timeout_seconds), retry, millis(config.request_timeout_seconds)};
  policy.max_requests_in_flight = config.max_requests_in_flight;

  std::vector<front_actor> fronts(static_cast<std::size_t>(config.io_threads));
  health_monitor_actor monitor;
  webhook_dispatcher_actor webhooks;

  caf::actor_system_config caf_config;
  io_coordinator::install(caf_config, fronts.size());
  caf::actor_system sys{caf_config};
  auto& io = *io_coordinator::of(sys);

  upstream_endpoint endpoint{config.upstream_host, config.upstream_port, config.upstream_base_path,
                             "GHA-API-Gateway/" + std::string(version()),
                             config.max_orchestrator_answer_bytes};
  std::vector<std::unique_ptr<upstream_client>> clients;
  for (std::size_t i = 0; i < io.size(); ++i)
    clients.push_back(std::make_unique<upstream_client>(io.worker(i).context(), endpoint));

  server_settings settings;
  settings.max_body_bytes = config.max_body_bytes;
  settings.max_webhook_body_bytes =
      config.webhooks.configured() ? config.webhooks.max_body_bytes : config.max_body_bytes;
  settings.max_pending_answer_bytes = config.max_pending_answer_bytes;
  settings.max_header_bytes = config.max_header_bytes;
  settings.max_header_fields = config.max_header_fields;
  settings.max_url_bytes = config.max_url_bytes;
  settings.idle_timeout = millis(config.keepalive_timeout_seconds);
  settings.read_timeout = millis(config.client_read_timeout_seconds);
  settings.max_connections = config.max_connections;
  settings.trusted = config.trusted_proxies;
  settings.max_connections_per_client =
      config.client_connection_share >= 1
          ? 0
          : std::max<std::size_t>(1, static_cast<std::size_t>(config.client_connection_share *
                                                              static_cast<double>(config.max_connections)));
  settings.answer_timeout = longest_request(policy.budgets) + std::chrono::seconds(5);
  http_server server(settings);
  policy.requests_in_flight = &server.in_flight_counter();
  policy.server_gauges = [&server] {
    metrics_gauges gauges;
    gauges.requests_in_flight = server.requests_in_flight();
    gauges.open_connections = server.open_connections();
    gauges.pending_answer_bytes = server.pending_answer_bytes();
    return gauges;
  };

  // With REDIS_URL, one connection per I/O thread, made and used on that thread.
  std::vector<std::shared_ptr<redis_connection>> redis;
  std::string token = new_request_id();  // random: tells this process's claims from other replicas'
  auto store_for = [&](std::size_t i) -> std::optional<shared_store_settings> {
    if (!config.redis) return std::nullopt;
    // An unsettled record outlives the create it guards (which may run on past its client's deadline).
    return shared_store_settings{redis[i],
                                 config.redis_key_prefix,
                                 millis(config.idempotency_ttl_seconds),
                                 millis(config.idempotency_error_ttl_seconds),
                                 longest_create_life(policy.budgets) + std::chrono::seconds(5),
                                 config.idempotency_max_records_per_caller,
                                 token};
  };
  if (config.redis) {
    for (std::size_t i = 0; i < io.size(); ++i)
      on_thread(io.worker(i), [&] {
        redis.push_back(redis_connection::create(io.worker(i).context(), *config.redis,
                                                 millis(config.redis_timeout_seconds)));
        redis.back()->start();
      });
  }

  // Every actor is spawned on the thread it lives on.
  auto interval = millis(config.health_check_interval_seconds);
  on_thread(io.worker(0), [&] {
    health_thresholds thresholds{config.health_unhealthy_threshold, config.health_healthy_threshold,
                                 millis(config.health_busy_limit_seconds)};
    monitor = sys.spawn(
        health_monitor,
        health_monitor_settings{clients[0].get(), interval, std::min(interval, attempt_timeout), thresholds});
    pin_to_this_thread(sys, monitor);
    // Always there (cheap while idle): a reload may bring the first webhook secret.
    webhook_dispatcher_settings dispatcher;
    dispatcher.webhooks = config.webhooks;
    dispatcher.budgets = policy.budgets;
    dispatcher.proxy = proxy_settings{retry, clients[0].get()};
    dispatcher.monitor = monitor;
    if (config.redis && config.webhooks.configured()) {
      shared_queue_settings shared;
      shared.connection = redis[0];
      shared.keys = webhook_keys(config.redis_key_prefix);
      shared.me = token;
      shared.dedup_ttl = millis(config.webhooks.dedup_ttl_seconds);
      shared.max_entries = config.webhooks.queue_max;
      dispatcher.shared = std::move(shared);
    }
    webhooks = sys.spawn(webhook_dispatcher, std::move(dispatcher));
    pin_to_this_thread(sys, webhooks);
  });
  std::vector<worker_binding> workers;
  for (std::size_t i = 0; i < io.size(); ++i) {
    on_thread(io.worker(i), [&] {
      fronts[i] = sys.spawn(
          front, front_settings{&policy, copy_for_one_thread(access), apply_create_rules,
                                proxy_settings{retry, clients[i].get()}, monitor, store_for(i), webhooks});
      pin_to_this_thread(sys, fronts[i]);
    });
    workers.push_back({&io.worker(i).context(), [&front = fronts[i]](http_exchange exchange) {
                         if (!front) return false;
                         caf::anon_send(front, std::move(exchange));
                         return true;
                       }});
  }

  // Reloads (SIGHUP, a changed file) run on a thread of their own, off the I/O threads, and tell every
  // front of the new snapshot.
  auto reloader = std::make_unique<settings_reloader>(
      process, args, config, std::move(loaded.files_text), key_count, [&fronts](access_snapshot snapshot) {
        for (auto& f : fronts)
          if (f) caf::anon_send(f, settings_atom::value, copy_for_one_thread(snapshot));
      });

  // The actors stop on their own threads (the front takes its validator and proxy along); the actor
  // system then waits for them before it stops the I/O threads.
  auto stop_actors = [&] {
    reloader.reset();
    for (std::size_t i = 0; i < io.size(); ++i)
      on_thread(io.worker(i), [&] {
        caf::anon_send_exit(fronts[i], caf::exit_reason::user_shutdown);
        fronts[i] = nullptr;
      });
    on_thread(io.worker(0), [&] {
      caf::anon_send_exit(webhooks, caf::exit_reason::user_shutdown);
      webhooks = nullptr;
      caf::anon_send_exit(monitor, caf::exit_reason::user_shutdown);
      monitor = nullptr;
    });
    sys.await_all_actors_done();
    for (std::size_t i = 0; i < redis.size(); ++i) on_thread(io.worker(i), [&] { redis[i]->stop(); });
  };
  if (auto err = server.listen(config.host, config.port, std::move(workers)); !err.empty()) {
    spdlog::error("{}", err);
    stop_actors();
    return 1;
  }
  if (config.metrics_port != 0) {
    if (auto err = server.listen_metrics(config.host, config.metrics_port); !err.empty()) {
      spdlog::error("METRICS_PORT: {}", err);
      server.begin_shutdown();
      stop_actors();
      return 1;
    }
    spdlog::info("/metrics and the health probes also on {}:{} (METRICS_PORT)", config.host,
                 config.metrics_port);
  } else if (access->keys.enabled()) {
    spdlog::info("/metrics on the public port needs a key granted 'metrics' or '*' (or set METRICS_PORT)");
  }
  std::promise<void> drained;
  arm_graceful_shutdown(io.worker(0).context(), server, millis(config.shutdown_grace_seconds),
                        [&drained] { drained.set_value(); });
  if (!access->keys.enabled() && !is_loopback_host(config.host))
    spdlog::warn(
        "listening on {} without API keys: anyone who reaches this port can create runners "
        "(set API_KEYS or API_KEYS_FILE)",
        config.host);
  if (access->keys.enabled())
    spdlog::info("API keys required on /api/v1/ routes ({} key(s) loaded)", access->keys.size());
  if (secret_count > 0)
    spdlog::info(
        "POST /webhooks/github takes signed workflow_job deliveries ({} secret(s); runner labels {}; "
        "jobs kept {})",
        secret_count, joined(config.webhooks.runner_labels),
        config.redis ? "in Redis, shared by every replica" : "in this process");
  spdlog::info("gha-gateway {} listening on {}:{}, orchestrator {} ({} I/O thread(s) running the actors)",
               version(), config.host, config.port, config.orchestrator_url, config.io_threads);
  if (config.redis)
    spdlog::info("rate limits and Idempotency-Key records shared in Redis at {} (key prefix {})",
                 printable(*config.redis), config.redis_key_prefix);

  drained.get_future().wait();
  // Accepted webhook jobs get what is left of the grace period to be created; the rest are logged.
  auto jobs_done = std::make_shared<std::promise<void>>();
  auto jobs_drained = jobs_done->get_future();
  caf::anon_send(
      webhooks, drain_atom::value,
      drain_request{std::chrono::steady_clock::now() + millis(config.shutdown_grace_seconds), jobs_done});
  jobs_drained.wait_for(millis(config.shutdown_grace_seconds) + std::chrono::seconds(1));
  stop_actors();
  spdlog::info("gha-gateway stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto process = gw::process_environment();
  auto loaded = gw::load_configuration(process, args);
  const auto& outcome = loaded.outcome;
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
  auto config = *outcome.config;
  if (config.io_threads == 0)  // one per core
    config.io_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return run(config, process, args, std::move(loaded));
}
