// What the gateway reads from outside the process at start-up: its environment, the API keys file and the
// documentation assets. (core/ parses and decides; it reads nothing itself.)
#pragma once
#include <string>

#include "core/config.hpp"
#include "core/docs_site.hpp"

namespace gw {

// The variables parse_config knows, as the process has them.
environment process_environment();

// Adds the keys of API_KEYS_FILE, when one is named; returns "" or the line saying why it cannot be read.
std::string read_api_keys_file(gateway_config& config);

// DOCS_ASSETS_DIR, else docs-ui/ beside the binary (a build tree), else ../share/gha-gateway/docs-ui.
std::string docs_assets_dir(const std::string& configured);

// The documentation assets present in `dir` (a missing one is simply absent).
docs_site::asset_contents read_docs_assets(const std::string& dir);

}  // namespace gw
