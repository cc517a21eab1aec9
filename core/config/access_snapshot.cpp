#include "core/config/access_snapshot.hpp"

#include <set>

namespace gw {

access_snapshot make_access_snapshot(const gateway_config& config, std::vector<api_key> keys,
                                     std::vector<api_key> webhook_secrets) {
  auto settings = std::make_shared<access_settings>();
  settings->cors = parse_cors_origins(config.cors_origins);
  settings->keys = api_keys(std::move(keys));
  settings->webhook_secrets = std::move(webhook_secrets);
  settings->audit = config.audit_log == "on" || (config.audit_log == "auto" && settings->keys.enabled());
  settings->client_limits = {config.rate_limit_rps, config.rate_limit_burst};
  // A burst of 0 turns the guard off.
  settings->auth_failure_limits = {config.auth_failure_burst > 0 ? config.auth_failure_rps : 0,
                                   config.auth_failure_burst};
  return settings;
}

std::vector<std::string> settings_needing_restart(const gateway_config& running,
                                                  const gateway_config& loaded) {
  static const std::set<std::string> reloadable{"CORS_ORIGINS",          "API_KEYS",
                                                "API_KEYS_FILE",         "RATE_LIMIT_RPS",
                                                "RATE_LIMIT_BURST",      "AUTH_FAILURE_RPS",
                                                "AUTH_FAILURE_BURST",    "AUDIT_LOG",
                                                "GITHUB_WEBHOOK_SECRET", "GITHUB_WEBHOOK_SECRETS_FILE"};
  std::vector<std::string> names;
  auto text_of = [](const gateway_config& c, const std::string& name) {
    auto it = c.given.find(name);
    return it == c.given.end() ? std::string() : it->second;
  };
  for (const auto& name : setting_names())
    if (!reloadable.count(name) && text_of(running, name) != text_of(loaded, name)) names.push_back(name);
  return names;
}

}  // namespace gw
