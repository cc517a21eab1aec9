// What the gateway reads from outside the process: its environment, CONFIG_FILE, the API keys file (at
// start-up and on each reload) and the documentation assets. (core/ parses and decides; it reads nothing.)
#pragma once
#include <string>

#include "core/access/api_keys.hpp"
#include "core/config/config.hpp"
#include "core/protocol/docs_site.hpp"

namespace gw {

// The variables parse_config knows, as the process has them.
environment process_environment();

struct loaded_configuration {
  config_outcome outcome;                // its error says why the configuration cannot be used
  std::vector<api_key> keys;             // API_KEYS, then API_KEYS_FILE's
  std::vector<api_key> webhook_secrets;  // GITHUB_WEBHOOK_SECRET, then GITHUB_WEBHOOK_SECRETS_FILE's
  std::string files_text;  // what CONFIG_FILE, API_KEYS_FILE and the secrets file held (a reload compares it)
};

// The process's environment under flags, over CONFIG_FILE when one is named; then the API keys and the
// webhook secrets.
loaded_configuration load_configuration(const environment& process, const std::vector<std::string>& args);

// What CONFIG_FILE, API_KEYS_FILE and GITHUB_WEBHOOK_SECRETS_FILE hold now ("" for a file that cannot be
// read).
std::string configuration_files_text(const gateway_config& config);

// DOCS_ASSETS_DIR, else docs-ui/ beside the binary (a build tree), else ../share/gha-gateway/docs-ui.
std::string docs_assets_dir(const std::string& configured);

// The documentation assets present in `dir` (a missing one is simply absent).
docs_site::asset_contents read_docs_assets(const std::string& dir);

}  // namespace gw
