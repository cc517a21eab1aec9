// The part of a parsed configuration that a reload may swap, as the snapshot requests read
// (core/access/access_settings), and which settings a reload cannot change.
#pragma once
#include <string>
#include <vector>

#include "core/access/access_settings.hpp"
#include "core/config/config.hpp"

namespace gw {

// From a parsed configuration and the keys it names (API_KEYS and API_KEYS_FILE, see app/).
access_snapshot make_access_snapshot(const gateway_config& config, std::vector<api_key> keys,
                                     std::vector<api_key> webhook_secrets = {});

// The settings a reload cannot change (all but CORS, keys, rate limits and AUDIT_LOG), named when they were
// given differently (a default and the same value written out count as different: the text is compared).
std::vector<std::string> settings_needing_restart(const gateway_config& running,
                                                  const gateway_config& loaded);

}  // namespace gw
