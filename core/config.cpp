#include "core/config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <thread>

#include "core/api_keys.hpp"
#include "core/ascii_text.hpp"
#include "core/setting_values.hpp"
#include "core/version.hpp"

namespace gw {

namespace {

struct setting {
  const char* env;
  const char* default_text;
  const char* help;
};

// One row per setting; the flag is the variable's name in lower case with '-' for '_'.
const setting settings[] = {
    {"API_GATEWAY_HOST", "0.0.0.0", "address to listen on"},
    {"API_GATEWAY_PORT", "8080", "port to listen on"},
    {"METRICS_PORT", "0",
     "a second port, on the same host, serving only /metrics (to anyone) and the health probes, for a "
     "scraper inside the platform; 0: none. On the public port, with API keys on, /metrics needs a key "
     "granted 'metrics' or '*'"},
    {"ORCHESTRATOR_URL", "http://orchestrator:$ORCHESTRATOR_PORT", "orchestrator base URL (http only)"},
    {"ORCHESTRATOR_PORT", "8000", "orchestrator port used by the default ORCHESTRATOR_URL"},
    {"CORS_ORIGINS", "*", "'*' or a comma-separated list of allowed origins"},
    {"LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR"},
    {"LOG_FORMAT", "text",
     "'text' (the reference's format, request fields as key=value) or 'json' (one object per line)"},
    {"ORCHESTRATOR_TIMEOUT_SECONDS", "30",
     "timeout of one attempt at a quick orchestrator call (list, status, health; fractions allowed)"},
    {"ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER", "15",
     "a create's attempt timeout: ORCHESTRATOR_TIMEOUT_SECONDS + count x this (it creates one by one)"},
    {"ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS", "45",
     "a destroy's attempt timeout (Docker waits 30 s for a container that ignores SIGTERM); a cleanup "
     "gets this per runner listed, up to 10"},
    {"RETRY_MAX_ATTEMPTS", "3", "attempts per orchestrator call, first one included (1-10)"},
    {"RETRY_BACKOFF_SECONDS", "1", "wait before the 2nd attempt; doubles for each further one"},
    {"HEALTH_CHECK_INTERVAL_SECONDS", "5", "period of the orchestrator health poll"},
    {"HEALTH_UNHEALTHY_THRESHOLD", "2",
     "consecutive polls that cannot connect (refused, reset) before forwarded requests fail fast"},
    {"HEALTH_HEALTHY_THRESHOLD", "1", "consecutive answered polls before fail-fast ends"},
    {"HEALTH_BUSY_LIMIT_SECONDS", "300",
     "polls that connect but get no answer (busy: it freezes while it creates and destroys) count as "
     "down once this long"},
    {"SHUTDOWN_GRACE_SECONDS", "5", "how long requests in flight may finish after SIGTERM/SIGINT"},
    {"MAX_BODY_BYTES", "65536", "largest request body accepted; larger ones get 413"},
    {"MAX_PENDING_ANSWER_BYTES", "67108864",
     "answer bytes that clients not reading their answers may pin together (each such answer counts whole); "
     "a connection whose answer would go past it is closed at once, and counted"},
    {"MAX_HEADER_BYTES", "8192", "largest request head (request line and header fields); larger gets 431"},
    {"MAX_HEADER_FIELDS", "100", "most header fields in one request; more gets 431"},
    {"MAX_ORCHESTRATOR_ANSWER_BYTES", "16777216",
     "longest orchestrator answer body taken; a longer one is a bad answer (502). Bounds what one slow "
     "client can pin"},
    {"MAX_URL_BYTES", "2048", "longest request target; longer gets 414"},
    {"CLIENT_READ_TIMEOUT_SECONDS", "10",
     "time to send a whole request once it has started; then the connection closes"},
    {"KEEPALIVE_TIMEOUT_SECONDS", "60", "idle time allowed between requests on a kept-alive connection"},
    {"MAX_CONNECTIONS", "16384", "open client connections; beyond it new ones get 503 and are closed"},
    {"CLIENT_CONNECTION_SHARE", "0.5",
     "the share of MAX_CONNECTIONS one client address may hold (0-1]; past it its new connections get 503. "
     "Behind a proxy or ingress every client has its address: set 1 there"},
    {"TRUSTED_PROXIES", "",
     "comma-separated addresses or CIDRs of proxies (an ingress, a load balancer) whose Forwarded or "
     "X-Forwarded-For names the client: its address then keys rate limits, auth-failure budgets, "
     "idempotency callers and logs; anyone else's headers are ignored"},
    {"MAX_REQUESTS_IN_FLIGHT", "1024",
     "requests being served at once; beyond it 503 with Retry-After at once"},
    {"REQUEST_TIMEOUT_SECONDS", "0",
     "whole life of a forwarded request; 0 = each orchestrator call's attempts and backoffs. A create "
     "past it is answered 504 and runs on to its own timeout (logged, counted in /metrics)"},
    {"API_KEYS", "",
     "comma-separated API keys; when set, /api/v1/ routes but health need 'Authorization: Bearer <key>'"},
    {"API_KEYS_FILE", "",
     "file of API keys, one per line: KEY [name=NAME] [GRANT...] where KEY may be sha256:<hex> and a GRANT "
     "is *, org:NAME or repo:OWNER/REPO ('*' for a whole name); added to API_KEYS; re-read on change and "
     "SIGHUP"},
    {"CONFIG_FILE", "",
     "file of NAME=VALUE lines setting these variables (the environment and flags win over it); CORS, "
     "keys and rate limits in it are re-read on change and SIGHUP"},
    {"RATE_LIMIT_RPS", "0",
     "requests per second per client (its key, else its address); 0 = off; excess gets 429"},
    {"RATE_LIMIT_BURST", "0", "bucket size for RATE_LIMIT_RPS; 0 = the rate itself (at least 1)"},
    {"AUTH_FAILURE_RPS", "1",
     "failed API keys each client address may make per second once AUTH_FAILURE_BURST is spent; then its "
     "requests get 429 before their key is checked (independent of RATE_LIMIT_RPS)"},
    {"AUTH_FAILURE_BURST", "20", "failed API keys an address may make at once; 0 turns the guard off"},
    {"AUDIT_LOG", "auto",
     "audit lines for creates, destroys and cleanups that reached the orchestrator, and for every answer "
     "the grants decided: 'auto' (when API keys are on), 'on' or 'off'"},
    {"IDEMPOTENCY_TTL_SECONDS", "86400",
     "how long the answer to a create sent with an Idempotency-Key is kept and given again for that key"},
    {"IDEMPOTENCY_MAX_RECORDS", "10000",
     "Idempotency-Key records kept in memory (per replica); past it, one of the caller holding the most "
     "goes (the one that expires first)"},
    {"IDEMPOTENCY_MAX_RECORDS_PER_CALLER", "1000",
     "Idempotency-Key records one caller (API key, else address) may hold, in memory or in Redis; past it "
     "its own oldest settled record goes, or, when all are in flight, its new key gets 429"},
    {"IDEMPOTENCY_ERROR_TTL_SECONDS", "300",
     "how long an orchestrator's own error answer (5xx: nothing was created) to a create with an "
     "Idempotency-Key is kept (at most IDEMPOTENCY_TTL_SECONDS); an answer that may hide a create (a "
     "timeout, a lost connection) is kept for IDEMPOTENCY_TTL_SECONDS"},
    {"REDIS_URL", "",
     "redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]: rate-limit buckets and Idempotency-Key records shared "
     "by every replica, in Redis; unset = kept in each replica's memory. Redis unreachable: rate limits "
     "fail open, creates with an Idempotency-Key get 503 (no TLS: hiredis 0.14)"},
    {"REDIS_TIMEOUT_SECONDS", "0.25",
     "a Redis reply later than this counts as none (the connection is dropped and made again)"},
    {"REDIS_KEY_PREFIX", "gha-gateway:",
     "prefix of the gateway's keys in Redis (deployments sharing one Redis need different ones)"},
    {"IO_THREADS", "0", "I/O threads, each serving its own connections end to end; 0 = one per core"},
    {"ACTOR_THREADS", "1",
     "ignored, kept so existing deployments still start: the actors run on the I/O threads"},
    {"DOCS_ASSETS_DIR", "",
     "Swagger UI and ReDoc files for /docs and /redoc; empty = docs-ui/ beside the binary, else "
     "../share/gha-gateway/docs-ui"},
};

std::string flag_for(const std::string& env) {
  std::string flag = "--";
  for (char c : env)
    flag.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return flag;
}

bool parse_long(std::string_view text, long long min, long long max, long long& out) {
  return parse_setting_integer(text, min, max, out);
}

bool parse_seconds(const std::string& text, double min, double max, double& out) {
  return parse_setting_seconds(text, min, max, out);
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

int core_count() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Splits http://host[:port][/base] into the config's upstream fields.
std::string split_orchestrator_url(gateway_config& c) {
  const std::string& url = c.orchestrator_url;
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0)
    return "ORCHESTRATOR_URL must start with http:// (got '" + url + "')";
  std::string rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (path.find_first_of("?#") != std::string::npos)
    return "ORCHESTRATOR_URL must not carry a query or fragment";
  while (!path.empty() && path.back() == '/') path.pop_back();
  std::string host = authority;
  long long port = 80;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return "ORCHESTRATOR_URL has an unterminated IPv6 address";
    host = authority.substr(1, close - 1);
    std::string tail = authority.substr(close + 1);
    if (!tail.empty() && (tail[0] != ':' || !parse_long(tail.substr(1), 1, 65535, port)))
      return "ORCHESTRATOR_URL has an invalid port";
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    if (!parse_long(authority.substr(colon + 1), 1, 65535, port))
      return "ORCHESTRATOR_URL has an invalid port";
  }
  if (host.empty() || host.find('@') != std::string::npos) return "ORCHESTRATOR_URL has no valid host";
  c.upstream_host = host;
  c.upstream_port = static_cast<uint16_t>(port);
  c.upstream_base_path = path;
  return {};
}

// Applies one setting's textual value; returns an error line or "".
std::string apply(gateway_config& c, const std::string& name, const std::string& value) {
  long long n = 0;
  auto bad = [&](const std::string& expected) {
    return name + "=" + value + " is invalid: expected " + expected;
  };
  if (name == "API_GATEWAY_HOST") {
    if (value.empty()) return bad("an address");
    c.host = value;
  } else if (name == "API_GATEWAY_PORT") {
    if (!parse_long(value, 1, 65535, n)) return bad("a port 1-65535");
    c.port = static_cast<uint16_t>(n);
  } else if (name == "METRICS_PORT") {
    if (!parse_long(value, 0, 65535, n)) return bad("a port 1-65535, or 0 for none");
    c.metrics_port = static_cast<uint16_t>(n);
  } else if (name == "ORCHESTRATOR_URL") {
    c.orchestrator_url = value;
  } else if (name == "ORCHESTRATOR_PORT") {
    if (!parse_long(value, 1, 65535, n)) return bad("a port 1-65535");
    c.orchestrator_port = static_cast<uint16_t>(n);
  } else if (name == "CORS_ORIGINS") {
    c.cors_origins = value;
  } else if (name == "LOG_LEVEL") {
    auto level = upper(value);
    if (level == "WARN") level = "WARNING";
    if (level != "DEBUG" && level != "INFO" && level != "WARNING" && level != "ERROR")
      return bad("DEBUG, INFO, WARNING or ERROR");
    c.log_level = level;
  } else if (name == "LOG_FORMAT") {
    auto format = upper(value);
    if (format != "TEXT" && format != "JSON") return bad("text or json");
    c.log_format = format == "JSON" ? "json" : "text";
  } else if (name == "DOCS_ASSETS_DIR") {
    c.docs_assets_dir = value;
  } else if (name == "ORCHESTRATOR_TIMEOUT_SECONDS") {
    if (!parse_seconds(value, 0.001, 86400, c.orchestrator_timeout_seconds)) return bad("seconds > 0");
  } else if (name == "ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER") {
    if (!parse_seconds(value, 0, 3600, c.create_seconds_per_runner)) return bad("seconds >= 0");
  } else if (name == "ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS") {
    if (!parse_seconds(value, 0.001, 3600, c.destroy_timeout_seconds)) return bad("seconds > 0");
  } else if (name == "HEALTH_UNHEALTHY_THRESHOLD") {
    if (!parse_long(value, 1, 100, n)) return bad("an integer 1-100");
    c.health_unhealthy_threshold = static_cast<int>(n);
  } else if (name == "HEALTH_HEALTHY_THRESHOLD") {
    if (!parse_long(value, 1, 100, n)) return bad("an integer 1-100");
    c.health_healthy_threshold = static_cast<int>(n);
  } else if (name == "HEALTH_BUSY_LIMIT_SECONDS") {
    if (!parse_seconds(value, 0, 86400, c.health_busy_limit_seconds)) return bad("seconds >= 0");
  } else if (name == "RETRY_MAX_ATTEMPTS") {
    if (!parse_long(value, 1, 10, n)) return bad("an integer 1-10");
    c.retry_max_attempts = static_cast<int>(n);
  } else if (name == "RETRY_BACKOFF_SECONDS") {
    if (!parse_seconds(value, 0, 3600, c.retry_backoff_seconds)) return bad("seconds >= 0");
  } else if (name == "HEALTH_CHECK_INTERVAL_SECONDS") {
    if (!parse_seconds(value, 0.01, 86400, c.health_check_interval_seconds)) return bad("seconds >= 0.01");
  } else if (name == "SHUTDOWN_GRACE_SECONDS") {
    if (!parse_seconds(value, 0, 3600, c.shutdown_grace_seconds)) return bad("seconds >= 0");
  } else if (name == "MAX_PENDING_ANSWER_BYTES") {
    if (!parse_long(value, 65536, 64LL * 1024 * 1024 * 1024, n)) return bad("bytes 65536-68719476736");
    c.max_pending_answer_bytes = static_cast<std::size_t>(n);
  } else if (name == "MAX_BODY_BYTES") {
    if (!parse_long(value, 1, 64LL * 1024 * 1024, n)) return bad("bytes 1-67108864");
    c.max_body_bytes = static_cast<std::size_t>(n);
  } else if (name == "MAX_HEADER_BYTES") {
    if (!parse_long(value, 512, 1024 * 1024, n)) return bad("bytes 512-1048576");
    c.max_header_bytes = static_cast<std::size_t>(n);
  } else if (name == "MAX_HEADER_FIELDS") {
    if (!parse_long(value, 1, 100000, n)) return bad("an integer 1-100000");
    c.max_header_fields = static_cast<std::size_t>(n);
  } else if (name == "MAX_ORCHESTRATOR_ANSWER_BYTES") {
    if (!parse_long(value, 1024, 1LL << 30, n)) return bad("bytes 1024-1073741824");
    c.max_orchestrator_answer_bytes = static_cast<std::size_t>(n);
  } else if (name == "MAX_URL_BYTES") {
    if (!parse_long(value, 64, 1024 * 1024, n)) return bad("bytes 64-1048576");
    c.max_url_bytes = static_cast<std::size_t>(n);
  } else if (name == "CLIENT_READ_TIMEOUT_SECONDS") {
    if (!parse_seconds(value, 0.01, 3600, c.client_read_timeout_seconds)) return bad("seconds >= 0.01");
  } else if (name == "KEEPALIVE_TIMEOUT_SECONDS") {
    if (!parse_seconds(value, 0.01, 86400, c.keepalive_timeout_seconds)) return bad("seconds >= 0.01");
  } else if (name == "MAX_CONNECTIONS") {
    if (!parse_long(value, 1, 10000000, n)) return bad("an integer 1-10000000");
    c.max_connections = static_cast<std::size_t>(n);
  } else if (name == "CLIENT_CONNECTION_SHARE") {
    if (!parse_seconds(value, 0.0001, 1, c.client_connection_share) || c.client_connection_share <= 0)
      return bad("a share above 0, at most 1");
  } else if (name == "TRUSTED_PROXIES") {
    std::string why;
    auto parsed = parse_trusted_proxies(value, why);
    if (!parsed) return bad("addresses or CIDRs, comma-separated (" + why + ")");
    c.trusted_proxies = std::move(*parsed);
  } else if (name == "MAX_REQUESTS_IN_FLIGHT") {
    if (!parse_long(value, 1, 10000000, n)) return bad("an integer 1-10000000");
    c.max_requests_in_flight = static_cast<std::size_t>(n);
  } else if (name == "REQUEST_TIMEOUT_SECONDS") {
    if (!parse_seconds(value, 0, 86400, c.request_timeout_seconds)) return bad("seconds >= 0");
  } else if (name == "API_KEYS") {
    for (auto& key : parse_key_list(value)) c.api_keys.push_back(std::move(key));
  } else if (name == "API_KEYS_FILE") {
    c.api_keys_file = value;
  } else if (name == "CONFIG_FILE") {
    c.config_file = value;
  } else if (name == "RATE_LIMIT_RPS") {
    // Below 0.001 (one request per 1000 s) no Retry-After it could give would be sane.
    if (!parse_seconds(value, 0, 1e9, c.rate_limit_rps) || (c.rate_limit_rps > 0 && c.rate_limit_rps < 0.001))
      return bad("0 (off) or a rate from 0.001 to 1000000000");
  } else if (name == "RATE_LIMIT_BURST") {
    // A bucket smaller than one request would refuse every request.
    if (!parse_seconds(value, 0, 1e9, c.rate_limit_burst) ||
        (c.rate_limit_burst > 0 && c.rate_limit_burst < 1))
      return bad("0 (the rate) or a size from 1 to 1000000000");
  } else if (name == "AUTH_FAILURE_RPS") {
    if (!parse_seconds(value, 0.001, 1e6, c.auth_failure_rps)) return bad("a rate from 0.001 to 1000000");
  } else if (name == "AUTH_FAILURE_BURST") {
    if (!parse_seconds(value, 0, 1e6, c.auth_failure_burst) ||
        (c.auth_failure_burst > 0 && c.auth_failure_burst < 1))
      return bad("0 (off) or a size from 1 to 1000000");
  } else if (name == "AUDIT_LOG") {
    auto mode = upper(value);
    if (mode != "AUTO" && mode != "ON" && mode != "OFF") return bad("auto, on or off");
    c.audit_log = mode == "AUTO" ? "auto" : mode == "ON" ? "on" : "off";
  } else if (name == "IDEMPOTENCY_TTL_SECONDS") {
    if (!parse_seconds(value, 1, 30 * 86400, c.idempotency_ttl_seconds))
      return bad("seconds from 1 to 2592000");
  } else if (name == "IDEMPOTENCY_MAX_RECORDS") {
    if (!parse_long(value, 16, 10000000, n)) return bad("an integer 16-10000000");
    c.idempotency_max_records = static_cast<std::size_t>(n);
  } else if (name == "IDEMPOTENCY_MAX_RECORDS_PER_CALLER") {
    if (!parse_long(value, 1, 10000000, n)) return bad("an integer 1-10000000");
    c.idempotency_max_records_per_caller = static_cast<std::size_t>(n);
  } else if (name == "IDEMPOTENCY_ERROR_TTL_SECONDS") {
    if (!parse_seconds(value, 1, 30 * 86400, c.idempotency_error_ttl_seconds))
      return bad("seconds from 1 to 2592000");
  } else if (name == "REDIS_URL") {
    if (value.empty()) {
      c.redis.reset();
    } else {
      // The URL may hold a password: the error names what is wrong, never the text.
      auto parsed = parse_redis_url(value);
      if (!parsed.endpoint) return "REDIS_URL is invalid: " + parsed.error;
      c.redis = std::move(parsed.endpoint);
    }
  } else if (name == "REDIS_TIMEOUT_SECONDS") {
    if (!parse_seconds(value, 0.001, 60, c.redis_timeout_seconds)) return bad("seconds from 0.001 to 60");
  } else if (name == "REDIS_KEY_PREFIX") {
    bool printable = std::all_of(value.begin(), value.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
    if (value.size() > 64 || !printable) return bad("up to 64 printable ASCII characters, no blanks");
    c.redis_key_prefix = value;
  } else if (name == "IO_THREADS") {
    if (!parse_long(value, 0, 256, n)) return bad("an integer 0-256");
    c.io_threads = static_cast<int>(n);
  } else if (name == "ACTOR_THREADS") {
    if (!parse_long(value, 1, 64, n)) return bad("an integer 1-64");
    c.actor_threads = static_cast<int>(n);
  }
  return {};
}

// The variable a flag stands for, of either table; "" for none.
std::string setting_for_flag(const std::string& flag) {
  for (const auto& s : settings)
    if (flag_for(s.env) == flag) return s.env;
  for (const auto& row : webhook_setting_rows())
    if (flag_for(row.env) == flag) return row.env;
  return {};
}

std::string apply_any(gateway_config& c, const std::string& name, const std::string& value) {
  for (const auto& row : webhook_setting_rows())
    if (name == row.env) return row.apply(c.webhooks, value);
  return apply(c, name, value);
}

}  // namespace

config_outcome parse_config(const environment& env, const std::vector<std::string>& args) {
  config_outcome out;
  std::map<std::string, std::string> values;
  for (const auto& name : setting_names())
    if (auto it = env.find(name); it != env.end()) values[name] = it->second;

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      return out;
    }
    if (arg == "--version") {
      out.version = true;
      return out;
    }
    if (arg == "--healthcheck") {
      out.healthcheck = true;
      continue;
    }
    auto eq = arg.find('=');
    std::string flag = arg.substr(0, eq);
    auto name = setting_for_flag(flag);
    if (name.empty()) {
      out.error = "unknown argument '" + arg + "' (see --help)";
      return out;
    }
    if (eq != std::string::npos) {
      values[name] = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      values[name] = args[++i];
    } else {
      out.error = flag + " needs a value";
      return out;
    }
  }

  gateway_config c;
  for (const auto& [name, value] : values) {
    if (auto err = apply_any(c, name, value); !err.empty()) {
      out.error = err;
      return out;
    }
  }
  if (c.orchestrator_url.empty())
    c.orchestrator_url = "http://orchestrator:" + std::to_string(c.orchestrator_port);
  if (auto err = split_orchestrator_url(c); !err.empty()) {
    out.error = err;
    return out;
  }
  if (c.metrics_port != 0 && c.metrics_port == c.port) {
    out.error = "METRICS_PORT=" + std::to_string(c.metrics_port) +
                " is invalid: it must differ from API_GATEWAY_PORT";
    return out;
  }
  if (c.io_threads == 0) c.io_threads = core_count();
  if (c.rate_limit_burst == 0) c.rate_limit_burst = c.rate_limit_rps < 1 ? 1 : c.rate_limit_rps;
  c.given = std::move(values);
  out.config = c;
  return out;
}

std::string help_text() {
  std::string text =
      "gha-gateway " + std::string(version()) +
      ": public API gateway of the GitHub Actions ephemeral-runner platform.\n\n"
      "Usage: gha-gateway [--flag=value ...]\n\n"
      "Every setting is an environment variable with a flag twin; a flag wins over the variable.\n\n";
  auto line = [&](const char* env, const char* help, const char* default_text) {
    std::string left = "  " + flag_for(env) + ", " + env;
    if (left.size() < 50) left.resize(50, ' ');
    text += left + " " + help + " (default: " + default_text + ")\n";
  };
  for (const auto& s : settings) line(s.env, s.help, s.default_text);
  for (const auto& row : webhook_setting_rows()) line(row.env, row.help, row.default_text);
  text += "  --help                                           this text\n";
  text += "  --version                                        print the version and exit\n";
  text +=
      "  --healthcheck                                    GET /healthz on this gateway's port (loopback), "
      "exit 0 if "
      "it answers 200 within 3 s, else 1 (the container health check)\n";
  return text;
}

std::vector<std::string> setting_names() {
  std::vector<std::string> names;
  for (const auto& s : settings) names.emplace_back(s.env);
  for (const auto& row : webhook_setting_rows()) names.emplace_back(row.env);
  return names;
}

}  // namespace gw
