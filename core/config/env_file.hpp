// CONFIG_FILE: the gateway's settings as NAME=VALUE lines, the format of Compose's env_file and of a
// Kubernetes ConfigMap rendered to a file. '#' starts a comment line; blank lines are skipped; a value may
// be wrapped in matching single or double quotes. Every NAME must be one of the gateway's settings.
#pragma once
#include <string>
#include <string_view>

#include "core/config/config.hpp"

namespace gw {

struct env_file_outcome {
  environment entries;
  std::string error;  // "line N: why"
};

env_file_outcome parse_env_file(std::string_view contents);

// The file's entries under the process's environment (which wins).
environment layered_environment(const environment& file_entries, const environment& process);

}  // namespace gw
