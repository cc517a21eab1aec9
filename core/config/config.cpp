#include "core/config/config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <sstream>

#include "core/access/api_keys.hpp"
#include "core/config/gateway_setting_rows.hpp"
#include "core/protocol/version.hpp"
#include "core/text/ascii_text.hpp"
#include "core/text/setting_values.hpp"

namespace gw {

namespace {

std::string flag_for(const std::string& env) {
  std::string flag = "--";
  for (char c : env)
    flag.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return flag;
}

bool parse_long(std::string_view text, long long min, long long max, long long& out) {
  return parse_setting_integer(text, min, max, out);
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

// The variable a flag stands for, of either table; "" for none.
std::string setting_for_flag(const std::string& flag) {
  for (const auto& row : gateway_setting_rows())
    if (flag_for(row.env) == flag) return row.env;
  for (const auto& row : webhook_setting_rows())
    if (flag_for(row.env) == flag) return row.env;
  return {};
}

// Applies one setting's text; returns an error line or "".
std::string apply_any(gateway_config& c, const std::string& name, const std::string& value) {
  for (const auto& row : gateway_setting_rows())
    if (name == row.env) return row.apply(c, row.env, value);
  for (const auto& row : webhook_setting_rows())
    if (name == row.env) return row.apply(c.webhooks, row.env, value);
  return {};
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
  for (const auto& row : gateway_setting_rows()) line(row.env, row.help, row.default_text);
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
  for (const auto& row : gateway_setting_rows()) names.emplace_back(row.env);
  for (const auto& row : webhook_setting_rows()) names.emplace_back(row.env);
  return names;
}

}  // namespace gw
