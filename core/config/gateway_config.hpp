// The gateway's configuration as parsed (core/config/config): every setting's value, defaults as the
// reference gives them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/access/client_address.hpp"
#include "core/redis/redis_url.hpp"
#include "core/webhooks/webhook_settings.hpp"

namespace gw {

struct gateway_config {
  std::string host = "0.0.0.0";
  uint16_t port = 8080;
  uint16_t metrics_port = 0;     // METRICS_PORT: /metrics and the probes only, anonymous; 0: none
  std::string orchestrator_url;  // as given, or http://orchestrator:<ORCHESTRATOR_PORT>
  uint16_t orchestrator_port = 8000;
  std::string cors_origins = "*";
  std::string log_level = "INFO";
  std::string log_format = "text";           // "text" (the reference's lines) or "json"
  std::string docs_assets_dir;               // Swagger UI and ReDoc files; "" = next to the binary
  double orchestrator_timeout_seconds = 30;  // one attempt at a quick call
  double create_seconds_per_runner = 15;     // a create's attempt: + count x this
  double destroy_timeout_seconds = 45;       // a destroy's attempt (a cleanup's: per runner, up to 10)
  int retry_max_attempts = 3;
  double retry_backoff_seconds = 1;
  double health_check_interval_seconds = 5;
  int health_unhealthy_threshold = 2;  // consecutive unreachable polls before fail-fast
  int health_healthy_threshold = 1;    // consecutive answered polls before it ends
  double health_busy_limit_seconds = 300;
  double shutdown_grace_seconds = 5;
  std::size_t max_pending_answer_bytes = 64u << 20;  // slow readers' unsent answers, all together
  std::size_t max_body_bytes = 65536;
  int io_threads = 0;  // 0: one per core (app/ counts them: core/ asks nothing of the machine)
  int actor_threads = 1;

  // Limits against slow, abandoned or hostile clients.
  std::size_t max_header_bytes = 8192;
  std::size_t max_header_fields = 100;
  std::size_t max_orchestrator_answer_bytes = 16 * 1024 * 1024;
  std::size_t max_url_bytes = 2048;
  double client_read_timeout_seconds = 10;  // a whole request, once its first byte arrived
  double keepalive_timeout_seconds = 60;    // idle wait for the next request
  std::size_t max_connections = 16384;
  double client_connection_share = 0.5;  // of max_connections, per client address; 1: no limit
  trusted_proxy_set trusted_proxies;     // TRUSTED_PROXIES: whose Forwarded / X-Forwarded-For is believed
  std::size_t max_requests_in_flight = 1024;
  double request_timeout_seconds =
      0;  // a forwarded request's whole life; 0: each call's every attempt and backoff

  // Access control, both off by default as in the reference.
  std::vector<std::string> api_keys;  // from API_KEYS (API_KEYS_FILE's keys are read by app/)
  std::string api_keys_file;          // API_KEYS_FILE: read by app/ (core/ reads no files)
  std::string config_file;            // CONFIG_FILE: NAME=VALUE lines under the environment (app/ reads it)
  double rate_limit_rps = 0;
  double rate_limit_burst = 0;             // 0: same as the rate (at least 1)
  double auth_failure_rps = 1;             // failed API keys allowed per second per address, after the burst
  double auth_failure_burst = 20;          // 0 = off
  std::string audit_log = "auto";          // auto (when API keys are on), on, off
  double idempotency_ttl_seconds = 86400;  // how long a create's answer is kept under its Idempotency-Key
  std::size_t idempotency_max_records = 10000;
  std::size_t idempotency_max_records_per_caller = 1000;
  double idempotency_error_ttl_seconds = 300;  // an orchestrator's own 5xx answer: nothing was created
  // The shared store: unset, each replica keeps its own (in process).
  std::optional<redis_endpoint> redis;  // REDIS_URL
  double redis_timeout_seconds = 0.25;  // a Redis reply later than this counts as none
  std::string redis_key_prefix = "gha-gateway:";

  webhook_settings webhooks;  // POST /webhooks/github (core/webhooks/webhook_settings)

  // Every setting given (flags, environment, CONFIG_FILE) as its text: what a reload compares.
  std::map<std::string, std::string> given;

  // ORCHESTRATOR_URL split up.
  std::string upstream_host;
  uint16_t upstream_port = 0;
  std::string upstream_base_path;  // without a trailing '/'
};

}  // namespace gw
