// The gateway's configuration: environment variables, each with a command-line twin, validated once.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config/gateway_config.hpp"

namespace gw {

struct config_outcome {
  std::optional<gateway_config> config;
  std::string error;  // set when the configuration is invalid
  bool help = false;
  bool version = false;
  bool healthcheck = false;  // --healthcheck: probe the local /healthz and exit 0 or 1
};

using environment = std::map<std::string, std::string>;

// Flags win over the environment, which wins over the defaults.
config_outcome parse_config(const environment& env, const std::vector<std::string>& args);

std::string help_text();

// The names of the variables parse_config knows (app/ reads them from the process environment).
std::vector<std::string> setting_names();

}  // namespace gw
