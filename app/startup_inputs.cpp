#include "app/startup_inputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/api_keys.hpp"

namespace gw {

namespace {
std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}
}  // namespace

environment process_environment() {
  environment env;
  for (const auto& name : setting_names())
    if (const char* v = std::getenv(name.c_str())) env[name] = v;
  return env;
}

std::string read_api_keys_file(gateway_config& config) {
  if (config.api_keys_file.empty()) return {};
  auto contents = read_file(config.api_keys_file);
  if (!contents) return "API_KEYS_FILE=" + config.api_keys_file + " cannot be read";
  for (auto& key : parse_key_file(*contents)) config.api_keys.push_back(std::move(key));
  return {};
}

std::string docs_assets_dir(const std::string& configured) {
  if (!configured.empty()) return configured;
  char exe[4096];
  auto n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return "docs-ui";
  std::string dir(exe, static_cast<std::size_t>(n));
  dir.resize(dir.rfind('/'));
  struct stat info {};
  if (::stat((dir + "/docs-ui").c_str(), &info) == 0) return dir + "/docs-ui";
  return dir + "/../share/gha-gateway/docs-ui";
}

docs_site::asset_contents read_docs_assets(const std::string& dir) {
  docs_site::asset_contents contents;
  for (const char* const* name = docs_site::asset_files(); *name; ++name)
    if (auto text = read_file(dir + "/" + *name)) contents.emplace(*name, std::move(*text));
  return contents;
}

}  // namespace gw
