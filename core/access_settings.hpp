// The part of the configuration a reload swaps (SIGHUP, or API_KEYS_FILE / GITHUB_WEBHOOK_SECRETS_FILE /
// CONFIG_FILE changed on disk): CORS origins, API keys and webhook secrets with their grants, and rate limits. One immutable snapshot; each request takes the
// one current when it arrives and keeps it to its end, so no request sees half of two configurations.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/api_keys.hpp"
#include "core/config.hpp"
#include "core/cors.hpp"
#include "core/rate_limiter.hpp"

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

// From a parsed configuration and the keys it names (API_KEYS and API_KEYS_FILE, see app/).
access_snapshot make_access_snapshot(const gateway_config& config, std::vector<api_key> keys,
                                     std::vector<api_key> webhook_secrets = {});

// The settings a reload cannot change (all but CORS, keys, rate limits and AUDIT_LOG), named when they were
// given differently (a default and the same value written out count as different: the text is compared).
std::vector<std::string> settings_needing_restart(const gateway_config& running,
                                                  const gateway_config& loaded);

}  // namespace gw
