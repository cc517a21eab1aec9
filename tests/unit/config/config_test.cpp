#include <catch2/catch.hpp>

#include "core/config/config.hpp"

using namespace gw;

TEST_CASE("defaults match the reference") {
  auto out = parse_config({}, {});
  REQUIRE(out.config);
  const auto& c = *out.config;
  CHECK(c.host == "0.0.0.0");
  CHECK(c.port == 8080);
  CHECK(c.orchestrator_url == "http://orchestrator:8000");
  CHECK(c.upstream_host == "orchestrator");
  CHECK(c.upstream_port == 8000);
  CHECK(c.cors_origins == "*");
  CHECK(c.log_level == "INFO");
  CHECK(c.orchestrator_timeout_seconds == 30);
  CHECK(c.retry_max_attempts == 3);
  CHECK(c.retry_backoff_seconds == 1);
  CHECK(c.health_check_interval_seconds == 5);
  CHECK(c.shutdown_grace_seconds == 5);
  CHECK(c.max_body_bytes == 65536);
  CHECK(c.io_threads == 0);  // one per core: app/ counts them
  CHECK(c.actor_threads >= 1);
}

TEST_CASE("ORCHESTRATOR_PORT feeds the default URL") {
  auto out = parse_config({{"ORCHESTRATOR_PORT", "9001"}}, {});
  REQUIRE(out.config);
  CHECK(out.config->orchestrator_url == "http://orchestrator:9001");
  CHECK(out.config->upstream_port == 9001);
}

TEST_CASE("every variable has a flag twin, and flags win") {
  environment env{{"API_GATEWAY_PORT", "9000"}, {"LOG_LEVEL", "debug"}};
  auto out = parse_config(
      env, {"--api-gateway-port=9100", "--orchestrator-url", "http://127.0.0.1:7000/base/",
            "--retry-backoff-seconds=0.05", "--orchestrator-timeout-seconds", "0.5",
            "--health-check-interval-seconds=0.2", "--shutdown-grace-seconds=2", "--max-body-bytes=1024",
            "--retry-max-attempts=5", "--cors-origins=https://a", "--api-gateway-host=127.0.0.1",
            "--orchestrator-port=1", "--io-threads=2", "--actor-threads=3"});
  REQUIRE(out.config);
  const auto& c = *out.config;
  CHECK(c.port == 9100);
  CHECK(c.log_level == "DEBUG");
  CHECK(c.upstream_host == "127.0.0.1");
  CHECK(c.upstream_port == 7000);
  CHECK(c.upstream_base_path == "/base");
  CHECK(c.retry_backoff_seconds == Approx(0.05));
  CHECK(c.orchestrator_timeout_seconds == Approx(0.5));
  CHECK(c.health_check_interval_seconds == Approx(0.2));
  CHECK(c.shutdown_grace_seconds == 2);
  CHECK(c.max_body_bytes == 1024);
  CHECK(c.retry_max_attempts == 5);
  CHECK(c.cors_origins == "https://a");
  CHECK(c.host == "127.0.0.1");
  CHECK(c.io_threads == 2);
  CHECK(c.actor_threads == 3);
}

TEST_CASE("bad values are refused with a line naming the variable") {
  struct bad_case {
    const char* name;
    const char* value;
  };
  for (auto [name, value] :
       {bad_case{"API_GATEWAY_PORT", "70000"}, bad_case{"API_GATEWAY_PORT", "abc"},
        bad_case{"LOG_LEVEL", "LOUD"}, bad_case{"ORCHESTRATOR_TIMEOUT_SECONDS", "0"},
        bad_case{"ORCHESTRATOR_TIMEOUT_SECONDS", "nan"}, bad_case{"RETRY_MAX_ATTEMPTS", "0"},
        bad_case{"RETRY_BACKOFF_SECONDS", "-1"}, bad_case{"MAX_BODY_BYTES", "0"},
        bad_case{"ORCHESTRATOR_URL", "https://x"}, bad_case{"ORCHESTRATOR_URL", "http://:80"},
        bad_case{"ORCHESTRATOR_URL", "http://h:99999"}, bad_case{"HEALTH_CHECK_INTERVAL_SECONDS", "1s"}}) {
    auto out = parse_config({{name, value}}, {});
    INFO(name << "=" << value);
    CHECK_FALSE(out.config);
    CHECK(out.error.find(name == std::string("ORCHESTRATOR_URL") ? "ORCHESTRATOR_URL" : name) !=
          std::string::npos);
  }
}

TEST_CASE("help, version and unknown flags") {
  CHECK(parse_config({}, {"--help"}).help);
  CHECK(parse_config({}, {"--version"}).version);
  auto out = parse_config({}, {"--nope=1"});
  CHECK_FALSE(out.config);
  CHECK(out.error.find("--nope") != std::string::npos);
  CHECK_FALSE(parse_config({}, {"--api-gateway-port"}).config);
  auto help = help_text();
  for (const char* v :
       {"API_GATEWAY_HOST", "API_GATEWAY_PORT", "ORCHESTRATOR_URL", "ORCHESTRATOR_PORT", "CORS_ORIGINS",
        "LOG_LEVEL", "ORCHESTRATOR_TIMEOUT_SECONDS", "RETRY_MAX_ATTEMPTS", "RETRY_BACKOFF_SECONDS",
        "HEALTH_CHECK_INTERVAL_SECONDS", "SHUTDOWN_GRACE_SECONDS", "MAX_BODY_BYTES"})
    CHECK(help.find(v) != std::string::npos);
}

TEST_CASE("IPv6 orchestrator addresses") {
  auto out = parse_config({{"ORCHESTRATOR_URL", "http://[::1]:8000"}}, {});
  REQUIRE(out.config);
  CHECK(out.config->upstream_host == "::1");
  CHECK(out.config->upstream_port == 8000);
}

TEST_CASE("LOG_FORMAT, DOCS_ASSETS_DIR and --healthcheck") {
  auto defaults = parse_config({}, {});
  REQUIRE(defaults.config);
  CHECK(defaults.config->log_format == "text");
  CHECK(defaults.config->docs_assets_dir.empty());
  CHECK_FALSE(defaults.healthcheck);

  auto json = parse_config({{"LOG_FORMAT", "JSON"}, {"DOCS_ASSETS_DIR", "/opt/docs"}}, {});
  REQUIRE(json.config);
  CHECK(json.config->log_format == "json");
  CHECK(json.config->docs_assets_dir == "/opt/docs");
  auto flags = parse_config({{"LOG_FORMAT", "json"}}, {"--log-format=text", "--docs-assets-dir", "/srv/ui"});
  REQUIRE(flags.config);
  CHECK(flags.config->log_format == "text");
  CHECK(flags.config->docs_assets_dir == "/srv/ui");

  auto bad = parse_config({{"LOG_FORMAT", "xml"}}, {});
  CHECK_FALSE(bad.config);
  CHECK(bad.error.find("LOG_FORMAT=xml is invalid") != std::string::npos);

  // The probe reads the same port settings as the server it checks.
  auto probe = parse_config({{"API_GATEWAY_PORT", "9123"}}, {"--healthcheck"});
  CHECK(probe.healthcheck);
  REQUIRE(probe.config);
  CHECK(probe.config->port == 9123);
}

TEST_CASE("time budgets and health thresholds: defaults, variables, flags and bad values") {
  auto defaults = parse_config({}, {});
  REQUIRE(defaults.config);
  CHECK(defaults.config->create_seconds_per_runner == 15);
  CHECK(defaults.config->destroy_timeout_seconds == 45);
  CHECK(defaults.config->health_unhealthy_threshold == 2);
  CHECK(defaults.config->health_healthy_threshold == 1);
  CHECK(defaults.config->health_busy_limit_seconds == 300);

  auto set =
      parse_config({{"ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER", "12"},
                    {"ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS", "35"},
                    {"HEALTH_UNHEALTHY_THRESHOLD", "3"},
                    {"HEALTH_HEALTHY_THRESHOLD", "2"},
                    {"HEALTH_BUSY_LIMIT_SECONDS", "120"}},
                   {"--health-busy-limit-seconds=90", "--orchestrator-create-seconds-per-runner", "11"});
  REQUIRE(set.config);
  CHECK(set.config->create_seconds_per_runner == 11);
  CHECK(set.config->destroy_timeout_seconds == 35);
  CHECK(set.config->health_unhealthy_threshold == 3);
  CHECK(set.config->health_healthy_threshold == 2);
  CHECK(set.config->health_busy_limit_seconds == 90);

  for (auto [name, value] : {std::pair<const char*, const char*>{"HEALTH_UNHEALTHY_THRESHOLD", "0"},
                             {"HEALTH_HEALTHY_THRESHOLD", "x"},
                             {"HEALTH_BUSY_LIMIT_SECONDS", "-1"},
                             {"ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS", "0"},
                             {"ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER", "soon"}}) {
    auto out = parse_config({{name, value}}, {});
    INFO(name << "=" << value);
    CHECK_FALSE(out.config);
    CHECK(out.error.find(name) != std::string::npos);
  }
  auto help = help_text();
  for (const char* v :
       {"ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER", "ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS",
        "HEALTH_UNHEALTHY_THRESHOLD", "HEALTH_HEALTHY_THRESHOLD", "HEALTH_BUSY_LIMIT_SECONDS"})
    CHECK(help.find(v) != std::string::npos);
}

TEST_CASE("MAX_HEADER_FIELDS: default 100, variable and flag, bounds") {
  CHECK(parse_config({}, {}).config->max_header_fields == 100);
  CHECK(parse_config({{"MAX_HEADER_FIELDS", "50"}}, {}).config->max_header_fields == 50);
  CHECK(parse_config({}, {"--max-header-fields=7"}).config->max_header_fields == 7);
  CHECK_FALSE(parse_config({{"MAX_HEADER_FIELDS", "0"}}, {}).config);
  CHECK(help_text().find("MAX_HEADER_FIELDS") != std::string::npos);
}

TEST_CASE("rate limits that cannot give a sane answer are refused at start-up") {
  for (auto [name, value] : {std::pair<const char*, const char*>{"RATE_LIMIT_RPS", "0.0000000001"},
                             {"RATE_LIMIT_RPS", "0.0009"},
                             {"RATE_LIMIT_RPS", "-1"},
                             {"RATE_LIMIT_BURST", "0.5"},
                             {"RATE_LIMIT_BURST", "1e10"}}) {
    INFO(name << "=" << value);
    auto out = parse_config({{name, value}}, {});
    CHECK_FALSE(out.config);
    CHECK(out.error.find(name) != std::string::npos);
  }
  CHECK(parse_config({{"RATE_LIMIT_RPS", "0.001"}, {"RATE_LIMIT_BURST", "1"}}, {}).config);
  CHECK(parse_config({{"RATE_LIMIT_RPS", "0"}, {"RATE_LIMIT_BURST", "0"}}, {}).config);
}

TEST_CASE("AUTH_FAILURE_RPS and AUTH_FAILURE_BURST: defaults on, 0 burst off, sane bounds") {
  auto d = parse_config({}, {});
  CHECK(d.config->auth_failure_rps == 1);
  CHECK(d.config->auth_failure_burst == 20);
  auto set = parse_config({{"AUTH_FAILURE_RPS", "0.5"}}, {"--auth-failure-burst=0"});
  REQUIRE(set.config);
  CHECK(set.config->auth_failure_rps == 0.5);
  CHECK(set.config->auth_failure_burst == 0);
  CHECK_FALSE(parse_config({{"AUTH_FAILURE_RPS", "0"}}, {}).config);
  CHECK_FALSE(parse_config({{"AUTH_FAILURE_BURST", "0.5"}}, {}).config);
}

TEST_CASE("MAX_ORCHESTRATOR_ANSWER_BYTES: default 16 MiB, bounds") {
  CHECK(parse_config({}, {}).config->max_orchestrator_answer_bytes == 16u * 1024 * 1024);
  CHECK(parse_config({}, {"--max-orchestrator-answer-bytes=4096"}).config->max_orchestrator_answer_bytes ==
        4096);
  CHECK_FALSE(parse_config({{"MAX_ORCHESTRATOR_ANSWER_BYTES", "10"}}, {}).config);
}

TEST_CASE("CLIENT_CONNECTION_SHARE: default half, (0, 1], flag twin") {
  CHECK(parse_config({}, {}).config->client_connection_share == 0.5);
  CHECK(parse_config({}, {"--client-connection-share=1"}).config->client_connection_share == 1);
  CHECK_FALSE(parse_config({{"CLIENT_CONNECTION_SHARE", "0"}}, {}).config);
  CHECK_FALSE(parse_config({{"CLIENT_CONNECTION_SHARE", "1.5"}}, {}).config);
}

TEST_CASE("the webhook settings: defaults, flag twins, refusals; a secret is never echoed") {
  auto defaults = parse_config({}, {}).config.value().webhooks;
  CHECK_FALSE(defaults.configured());
  CHECK(defaults.max_body_bytes == 1048576);
  CHECK(defaults.runner_labels == std::vector<std::string>{"self-hosted", "linux", "x64"});
  CHECK(defaults.scope == webhook_scope::repo);
  CHECK(defaults.dedup_ttl_seconds == 259200);
  CHECK(defaults.queue_max == 10000);
  CHECK(defaults.job_ttl_seconds == 3600);
  CHECK(defaults.caps.max_total == 0);
  CHECK(defaults.caps.max_per_scope == 0);

  auto out = parse_config({{"GITHUB_WEBHOOK_SECRET", "first-secret-0123456, second-secret-0123456"}},
                          {"--webhook-max-body-bytes=4096", "--webhook-runner-labels", "Self-Hosted,GPU",
                           "--webhook-scope=ORG", "--webhook-dedup-ttl-seconds=600", "--webhook-queue-max=5",
                           "--webhook-job-ttl-seconds=30", "--webhook-max-runners=8",
                           "--webhook-max-runners-per-scope=2", "--github-webhook-secrets-file=/run/s"});
  REQUIRE(out.config);
  const auto& w = out.config->webhooks;
  CHECK(w.secrets == std::vector<std::string>{"first-secret-0123456", "second-secret-0123456"});
  CHECK(w.secrets_file == "/run/s");
  CHECK(w.configured());
  CHECK(w.max_body_bytes == 4096);
  CHECK(w.runner_labels == std::vector<std::string>{"self-hosted", "gpu"});
  CHECK(w.scope == webhook_scope::org);
  CHECK(w.dedup_ttl_seconds == 600);
  CHECK(w.queue_max == 5);
  CHECK(w.job_ttl_seconds == 30);
  CHECK(w.caps.max_total == 8);
  CHECK(w.caps.max_per_scope == 2);

  for (auto [name, value] :
       {std::pair{"WEBHOOK_MAX_BODY_BYTES", "10"}, std::pair{"WEBHOOK_SCOPE", "team"},
        std::pair{"WEBHOOK_RUNNER_LABELS", " , "}, std::pair{"WEBHOOK_QUEUE_MAX", "0"},
        std::pair{"WEBHOOK_JOB_TTL_SECONDS", "-1"}, std::pair{"WEBHOOK_MAX_RUNNERS", "x"}}) {
    INFO(name << "=" << value);
    auto bad = parse_config({{name, value}}, {});
    CHECK_FALSE(bad.config);
    CHECK(bad.error.find(name) != std::string::npos);
  }
  auto short_secret = parse_config({{"GITHUB_WEBHOOK_SECRET", "tooshort"}}, {});
  CHECK_FALSE(short_secret.config);
  CHECK(short_secret.error.find("GITHUB_WEBHOOK_SECRET") != std::string::npos);
  CHECK(short_secret.error.find("tooshort") == std::string::npos);
  auto help = help_text();
  for (const char* name :
       {"GITHUB_WEBHOOK_SECRET", "GITHUB_WEBHOOK_SECRETS_FILE", "WEBHOOK_MAX_BODY_BYTES",
        "WEBHOOK_RUNNER_LABELS", "WEBHOOK_SCOPE", "WEBHOOK_DEDUP_TTL_SECONDS", "WEBHOOK_QUEUE_MAX",
        "WEBHOOK_JOB_TTL_SECONDS", "WEBHOOK_MAX_RUNNERS", "WEBHOOK_MAX_RUNNERS_PER_SCOPE"})
    CHECK(help.find(name) != std::string::npos);
}
