#include "core/config/gateway_setting_rows.hpp"

#include <algorithm>
#include <cctype>

#include "core/access/api_keys.hpp"

namespace gw {

namespace {
std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

// In --help's order.
const std::vector<setting_row<gateway_config>>& gateway_setting_rows() {
  static const std::vector<setting_row<gateway_config>> rows{
      {"API_GATEWAY_HOST", "0.0.0.0", "address to listen on",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         if (value.empty()) return invalid_setting(name, value, "an address");
         c.host = value;
         return {};
       }},
      {"API_GATEWAY_PORT", "8080", "port to listen on",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.port, name, value, 1, 65535, "a port 1-65535");
       }},
      {"METRICS_PORT", "0",
       "a second port, on the same host, serving only /metrics (to anyone) and the health probes, for a "
       "scraper inside the platform; 0: none. On the public port, with API keys on, /metrics needs a key "
       "granted 'metrics' or '*'",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.metrics_port, name, value, 0, 65535, "a port 1-65535, or 0 for none");
       }},
      {"ORCHESTRATOR_URL", "http://orchestrator:$ORCHESTRATOR_PORT", "orchestrator base URL (http only)",
       [](gateway_config& c, const char*, const std::string& value) {
         c.orchestrator_url = value;
         return std::string();
       }},
      {"ORCHESTRATOR_PORT", "8000", "orchestrator port used by the default ORCHESTRATOR_URL",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.orchestrator_port, name, value, 1, 65535, "a port 1-65535");
       }},
      {"CORS_ORIGINS", "*", "'*' or a comma-separated list of allowed origins",
       [](gateway_config& c, const char*, const std::string& value) {
         c.cors_origins = value;
         return std::string();
       }},
      {"LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         auto level = upper(value);
         if (level == "WARN") level = "WARNING";
         if (level != "DEBUG" && level != "INFO" && level != "WARNING" && level != "ERROR")
           return invalid_setting(name, value, "DEBUG, INFO, WARNING or ERROR");
         c.log_level = level;
         return {};
       }},
      {"LOG_FORMAT", "text",
       "'text' (the reference's format, request fields as key=value) or 'json' (one object per line)",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         auto format = upper(value);
         if (format != "TEXT" && format != "JSON") return invalid_setting(name, value, "text or json");
         c.log_format = format == "JSON" ? "json" : "text";
         return {};
       }},
      {"ORCHESTRATOR_TIMEOUT_SECONDS", "30",
       "timeout of one attempt at a quick orchestrator call (list, status, health; fractions allowed)",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.orchestrator_timeout_seconds, name, value, 0.001, 86400, "seconds > 0");
       }},
      {"ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER", "15",
       "a create's attempt timeout: ORCHESTRATOR_TIMEOUT_SECONDS + count x this (it creates one by one)",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.create_seconds_per_runner, name, value, 0, 3600, "seconds >= 0");
       }},
      {"ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS", "45",
       "a destroy's attempt timeout (Docker waits 30 s for a container that ignores SIGTERM); a cleanup "
       "gets this per runner listed, up to 10",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.destroy_timeout_seconds, name, value, 0.001, 3600, "seconds > 0");
       }},
      {"RETRY_MAX_ATTEMPTS", "3", "attempts per orchestrator call, first one included (1-10)",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.retry_max_attempts, name, value, 1, 10, "an integer 1-10");
       }},
      {"RETRY_BACKOFF_SECONDS", "1", "wait before the 2nd attempt; doubles for each further one",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.retry_backoff_seconds, name, value, 0, 3600, "seconds >= 0");
       }},
      {"HEALTH_CHECK_INTERVAL_SECONDS", "5", "period of the orchestrator health poll",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.health_check_interval_seconds, name, value, 0.01, 86400, "seconds >= 0.01");
       }},
      {"HEALTH_UNHEALTHY_THRESHOLD", "2",
       "consecutive polls that cannot connect (refused, reset) before forwarded requests fail fast",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.health_unhealthy_threshold, name, value, 1, 100, "an integer 1-100");
       }},
      {"HEALTH_HEALTHY_THRESHOLD", "1", "consecutive answered polls before fail-fast ends",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.health_healthy_threshold, name, value, 1, 100, "an integer 1-100");
       }},
      {"HEALTH_BUSY_LIMIT_SECONDS", "300",
       "polls that connect but get no answer (busy: it freezes while it creates and destroys) count as "
       "down once this long",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.health_busy_limit_seconds, name, value, 0, 86400, "seconds >= 0");
       }},
      {"SHUTDOWN_GRACE_SECONDS", "5", "how long requests in flight may finish after SIGTERM/SIGINT",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.shutdown_grace_seconds, name, value, 0, 3600, "seconds >= 0");
       }},
      {"MAX_BODY_BYTES", "65536", "largest request body accepted; larger ones get 413",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.max_body_bytes, name, value, 1, 64LL * 1024 * 1024, "bytes 1-67108864");
       }},
      {"MAX_PENDING_ANSWER_BYTES", "67108864",
       "answer bytes that clients not reading their answers may pin together (each such answer counts "
       "whole); "
       "a connection whose answer would go past it is closed at once, and counted",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.max_pending_answer_bytes, name, value, 65536, 64LL * 1024 * 1024 * 1024,
                          "bytes 65536-68719476736");
       }},
      {"MAX_HEADER_BYTES", "8192", "largest request head (request line and header fields); larger gets 431",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.max_header_bytes, name, value, 512, 1024 * 1024, "bytes 512-1048576");
       }},
      {"MAX_HEADER_FIELDS", "100", "most header fields in one request; more gets 431",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.max_header_fields, name, value, 1, 100000, "an integer 1-100000");
       }},
      {"MAX_ORCHESTRATOR_ANSWER_BYTES", "16777216",
       "longest orchestrator answer body taken; a longer one is a bad answer (502). Bounds what one slow "
       "client can pin",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.max_orchestrator_answer_bytes, name, value, 1024, 1LL << 30,
                          "bytes 1024-1073741824");
       }},
      {"MAX_URL_BYTES", "2048", "longest request target; longer gets 414",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.max_url_bytes, name, value, 64, 1024 * 1024, "bytes 64-1048576");
       }},
      {"CLIENT_READ_TIMEOUT_SECONDS", "10",
       "time to send a whole request once it has started; then the connection closes",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.client_read_timeout_seconds, name, value, 0.01, 3600, "seconds >= 0.01");
       }},
      {"KEEPALIVE_TIMEOUT_SECONDS", "60", "idle time allowed between requests on a kept-alive connection",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.keepalive_timeout_seconds, name, value, 0.01, 86400, "seconds >= 0.01");
       }},
      {"MAX_CONNECTIONS", "16384", "open client connections; beyond it new ones get 503 and are closed",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.max_connections, name, value, 1, 10000000, "an integer 1-10000000");
       }},
      {"CLIENT_CONNECTION_SHARE", "0.5",
       "the share of MAX_CONNECTIONS one client address may hold (0-1]; past it its new connections get 503. "
       "Behind a proxy or ingress every client has its address: set 1 there",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         if (!parse_setting_seconds(value, 0.0001, 1, c.client_connection_share) ||
             c.client_connection_share <= 0)
           return invalid_setting(name, value, "a share above 0, at most 1");
         return {};
       }},
      {"TRUSTED_PROXIES", "",
       "comma-separated addresses or CIDRs of proxies (an ingress, a load balancer) whose Forwarded or "
       "X-Forwarded-For names the client: its address then keys rate limits, auth-failure budgets, "
       "idempotency callers and logs; anyone else's headers are ignored",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         std::string why;
         auto parsed = parse_trusted_proxies(value, why);
         if (!parsed)
           return invalid_setting(name, value, "addresses or CIDRs, comma-separated (" + why + ")");
         c.trusted_proxies = std::move(*parsed);
         return {};
       }},
      {"MAX_REQUESTS_IN_FLIGHT", "1024",
       "requests being served at once; beyond it 503 with Retry-After at once",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.max_requests_in_flight, name, value, 1, 10000000, "an integer 1-10000000");
       }},
      {"REQUEST_TIMEOUT_SECONDS", "0",
       "whole life of a forwarded request; 0 = each orchestrator call's attempts and backoffs. A create "
       "past it is answered 504 and runs on to its own timeout (logged, counted in /metrics)",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.request_timeout_seconds, name, value, 0, 86400, "seconds >= 0");
       }},
      {"API_KEYS", "",
       "comma-separated API keys; when set, /api/v1/ routes but health need 'Authorization: Bearer <key>'",
       [](gateway_config& c, const char*, const std::string& value) -> std::string {
         for (auto& key : parse_key_list(value)) c.api_keys.push_back(std::move(key));
         return {};
       }},
      {"API_KEYS_FILE", "",
       "file of API keys, one per line: KEY [name=NAME] [GRANT...] where KEY may be sha256:<hex> and a GRANT "
       "is *, org:NAME or repo:OWNER/REPO ('*' for a whole name); added to API_KEYS; re-read on change and "
       "SIGHUP",
       [](gateway_config& c, const char*, const std::string& value) {
         c.api_keys_file = value;
         return std::string();
       }},
      {"CONFIG_FILE", "",
       "file of NAME=VALUE lines setting these variables (the environment and flags win over it); CORS, "
       "keys and rate limits in it are re-read on change and SIGHUP",
       [](gateway_config& c, const char*, const std::string& value) {
         c.config_file = value;
         return std::string();
       }},
      {"RATE_LIMIT_RPS", "0",
       "requests per second per client (its key, else its address); 0 = off; excess gets 429",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         // Below 0.001 (one request per 1000 s) no Retry-After it could give would be sane.
         if (!parse_setting_seconds(value, 0, 1e9, c.rate_limit_rps) ||
             (c.rate_limit_rps > 0 && c.rate_limit_rps < 0.001))
           return invalid_setting(name, value, "0 (off) or a rate from 0.001 to 1000000000");
         return {};
       }},
      {"RATE_LIMIT_BURST", "0", "bucket size for RATE_LIMIT_RPS; 0 = the rate itself (at least 1)",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         // A bucket smaller than one request would refuse every request.
         if (!parse_setting_seconds(value, 0, 1e9, c.rate_limit_burst) ||
             (c.rate_limit_burst > 0 && c.rate_limit_burst < 1))
           return invalid_setting(name, value, "0 (the rate) or a size from 1 to 1000000000");
         return {};
       }},
      {"AUTH_FAILURE_RPS", "1",
       "failed API keys each client address may make per second once AUTH_FAILURE_BURST is spent; then its "
       "requests get 429 before their key is checked (independent of RATE_LIMIT_RPS)",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.auth_failure_rps, name, value, 0.001, 1e6, "a rate from 0.001 to 1000000");
       }},
      {"AUTH_FAILURE_BURST", "20", "failed API keys an address may make at once; 0 turns the guard off",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         if (!parse_setting_seconds(value, 0, 1e6, c.auth_failure_burst) ||
             (c.auth_failure_burst > 0 && c.auth_failure_burst < 1))
           return invalid_setting(name, value, "0 (off) or a size from 1 to 1000000");
         return {};
       }},
      {"AUDIT_LOG", "auto",
       "audit lines for creates, destroys and cleanups that reached the orchestrator, and for every answer "
       "the grants decided: 'auto' (when API keys are on), 'on' or 'off'",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         auto mode = upper(value);
         if (mode != "AUTO" && mode != "ON" && mode != "OFF")
           return invalid_setting(name, value, "auto, on or off");
         c.audit_log = mode == "AUTO" ? "auto" : mode == "ON" ? "on" : "off";
         return {};
       }},
      {"IDEMPOTENCY_TTL_SECONDS", "86400",
       "how long the answer to a create sent with an Idempotency-Key is kept and given again for that key",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.idempotency_ttl_seconds, name, value, 1, 30 * 86400,
                            "seconds from 1 to 2592000");
       }},
      {"IDEMPOTENCY_MAX_RECORDS", "10000",
       "Idempotency-Key records kept in memory (per replica); past it, one of the caller holding the most "
       "goes (the one that expires first)",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.idempotency_max_records, name, value, 16, 10000000, "an integer 16-10000000");
       }},
      {"IDEMPOTENCY_MAX_RECORDS_PER_CALLER", "1000",
       "Idempotency-Key records one caller (API key, else address) may hold, in memory or in Redis; past it "
       "its own oldest settled record goes, or, when all are in flight, its new key gets 429",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.idempotency_max_records_per_caller, name, value, 1, 10000000,
                          "an integer 1-10000000");
       }},
      {"IDEMPOTENCY_ERROR_TTL_SECONDS", "300",
       "how long an orchestrator's own error answer (5xx: nothing was created) to a create with an "
       "Idempotency-Key is kept (at most IDEMPOTENCY_TTL_SECONDS); an answer that may hide a create (a "
       "timeout, a lost connection) is kept for IDEMPOTENCY_TTL_SECONDS",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.idempotency_error_ttl_seconds, name, value, 1, 30 * 86400,
                            "seconds from 1 to 2592000");
       }},
      {"REDIS_URL", "",
       "redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]: rate-limit buckets and Idempotency-Key records shared "
       "by every replica, in Redis; unset = kept in each replica's memory. Redis unreachable: rate limits "
       "fail open, creates with an Idempotency-Key get 503 (no TLS: hiredis 0.14)",
       [](gateway_config& c, const char*, const std::string& value) -> std::string {
         if (value.empty()) {
           c.redis.reset();
         } else {
           // The URL may hold a password: the error names what is wrong, never the text.
           auto parsed = parse_redis_url(value);
           if (!parsed.endpoint) return "REDIS_URL is invalid: " + parsed.error;
           c.redis = std::move(parsed.endpoint);
         }
         return {};
       }},
      {"REDIS_TIMEOUT_SECONDS", "0.25",
       "a Redis reply later than this counts as none (the connection is dropped and made again)",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_seconds(c.redis_timeout_seconds, name, value, 0.001, 60, "seconds from 0.001 to 60");
       }},
      {"REDIS_KEY_PREFIX", "gha-gateway:",
       "prefix of the gateway's keys in Redis (deployments sharing one Redis need different ones)",
       [](gateway_config& c, const char* name, const std::string& value) -> std::string {
         bool printable =
             std::all_of(value.begin(), value.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
         if (value.size() > 64 || !printable)
           return invalid_setting(name, value, "up to 64 printable ASCII characters, no blanks");
         c.redis_key_prefix = value;
         return {};
       }},
      {"IO_THREADS", "0", "I/O threads, each serving its own connections end to end; 0 = one per core",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.io_threads, name, value, 0, 256, "an integer 0-256");
       }},
      {"ACTOR_THREADS", "1",
       "ignored, kept so existing deployments still start: the actors run on the I/O threads",
       [](gateway_config& c, const char* name, const std::string& value) {
         return set_whole(c.actor_threads, name, value, 1, 64, "an integer 1-64");
       }},
      {"DOCS_ASSETS_DIR", "",
       "Swagger UI and ReDoc files for /docs and /redoc; empty = docs-ui/ beside the binary, else "
       "../share/gha-gateway/docs-ui",
       [](gateway_config& c, const char*, const std::string& value) {
         c.docs_assets_dir = value;
         return std::string();
       }},
  };
  return rows;
}

}  // namespace gw
