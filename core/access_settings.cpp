#include "core/access_settings.hpp"

namespace gw {

access_snapshot make_access_snapshot(const gateway_config& config, std::vector<api_key> keys) {
  auto settings = std::make_shared<access_settings>();
  settings->cors = parse_cors_origins(config.cors_origins);
  settings->keys = api_keys(std::move(keys));
  settings->audit = config.audit_log == "on" || (config.audit_log == "auto" && settings->keys.enabled());
  settings->client_limits = {config.rate_limit_rps, config.rate_limit_burst};
  // A burst of 0 turns the guard off.
  settings->auth_failure_limits = {config.auth_failure_burst > 0 ? config.auth_failure_rps : 0,
                                   config.auth_failure_burst};
  return settings;
}

std::vector<std::string> settings_needing_restart(const gateway_config& a, const gateway_config& b) {
  std::vector<std::string> names;
  auto differs = [&](bool different, const char* name) {
    if (different) names.emplace_back(name);
  };
  differs(a.host != b.host, "API_GATEWAY_HOST");
  differs(a.port != b.port, "API_GATEWAY_PORT");
  differs(a.orchestrator_url != b.orchestrator_url, "ORCHESTRATOR_URL");
  differs(a.log_level != b.log_level, "LOG_LEVEL");
  differs(a.log_format != b.log_format, "LOG_FORMAT");
  differs(a.docs_assets_dir != b.docs_assets_dir, "DOCS_ASSETS_DIR");
  differs(a.orchestrator_timeout_seconds != b.orchestrator_timeout_seconds, "ORCHESTRATOR_TIMEOUT_SECONDS");
  differs(a.create_seconds_per_runner != b.create_seconds_per_runner,
          "ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER");
  differs(a.destroy_timeout_seconds != b.destroy_timeout_seconds, "ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS");
  differs(a.retry_max_attempts != b.retry_max_attempts, "RETRY_MAX_ATTEMPTS");
  differs(a.retry_backoff_seconds != b.retry_backoff_seconds, "RETRY_BACKOFF_SECONDS");
  differs(a.health_check_interval_seconds != b.health_check_interval_seconds,
          "HEALTH_CHECK_INTERVAL_SECONDS");
  differs(a.health_unhealthy_threshold != b.health_unhealthy_threshold, "HEALTH_UNHEALTHY_THRESHOLD");
  differs(a.health_healthy_threshold != b.health_healthy_threshold, "HEALTH_HEALTHY_THRESHOLD");
  differs(a.health_busy_limit_seconds != b.health_busy_limit_seconds, "HEALTH_BUSY_LIMIT_SECONDS");
  differs(a.shutdown_grace_seconds != b.shutdown_grace_seconds, "SHUTDOWN_GRACE_SECONDS");
  differs(a.max_body_bytes != b.max_body_bytes, "MAX_BODY_BYTES");
  differs(a.max_header_bytes != b.max_header_bytes, "MAX_HEADER_BYTES");
  differs(a.max_header_fields != b.max_header_fields, "MAX_HEADER_FIELDS");
  differs(a.max_orchestrator_answer_bytes != b.max_orchestrator_answer_bytes,
          "MAX_ORCHESTRATOR_ANSWER_BYTES");
  differs(a.max_url_bytes != b.max_url_bytes, "MAX_URL_BYTES");
  differs(a.client_read_timeout_seconds != b.client_read_timeout_seconds, "CLIENT_READ_TIMEOUT_SECONDS");
  differs(a.keepalive_timeout_seconds != b.keepalive_timeout_seconds, "KEEPALIVE_TIMEOUT_SECONDS");
  differs(a.max_connections != b.max_connections, "MAX_CONNECTIONS");
  differs(a.client_connection_share != b.client_connection_share, "CLIENT_CONNECTION_SHARE");
  differs(a.max_requests_in_flight != b.max_requests_in_flight, "MAX_REQUESTS_IN_FLIGHT");
  differs(a.request_timeout_seconds != b.request_timeout_seconds, "REQUEST_TIMEOUT_SECONDS");
  differs(a.api_keys_file != b.api_keys_file, "API_KEYS_FILE");
  differs(a.io_threads != b.io_threads, "IO_THREADS");
  differs(a.idempotency_ttl_seconds != b.idempotency_ttl_seconds, "IDEMPOTENCY_TTL_SECONDS");
  differs(a.idempotency_max_records != b.idempotency_max_records, "IDEMPOTENCY_MAX_RECORDS");
  return names;
}

}  // namespace gw
