// The part of the configuration a reload swaps (SIGHUP, or API_KEYS_FILE / GITHUB_WEBHOOK_SECRETS_FILE /
// CONFIG_FILE changed on disk): CORS origins, API keys and webhook secrets with their grants, and rate
// limits. One immutable snapshot; each request takes the one current when it arrives and keeps it to its end,
// so no request sees half of two configurations. (Made from a configuration by core/config/access_snapshot.)
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/access/api_keys.hpp"
#include "core/access/cors.hpp"
#include "core/access/rate_limits.hpp"

namespace gw {

struct access_settings {
  cors_policy cors;
  api_keys keys;
  rate_limits client_limits;        // RATE_LIMIT_RPS / RATE_LIMIT_BURST, per key or address
  rate_limits auth_failure_limits;  // AUTH_FAILURE_RPS / AUTH_FAILURE_BURST, per address
  bool audit = false;               // AUDIT_LOG, "auto" resolved against the keys
  // GITHUB_WEBHOOK_SECRET's then GITHUB_WEBHOOK_SECRETS_FILE's, each with its name and grants (`secret` set).
  std::vector<api_key> webhook_secrets;
};

using access_snapshot = std::shared_ptr<const access_settings>;

}  // namespace gw
