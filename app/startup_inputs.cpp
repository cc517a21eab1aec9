#include "app/startup_inputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/access/api_keys.hpp"
#include "core/config/env_file.hpp"

namespace gw {

namespace {
// The configuration files are small: one larger than this is a mistake or an attack, and is not read.
constexpr std::size_t max_settings_file_bytes = 4 * 1024 * 1024;

struct file_text {
  std::optional<std::string> text;  // nullopt: it cannot be read
  bool too_large = false;
};

file_text read_settings_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string text;
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_settings_file_bytes) return {std::nullopt, true};
  }
  return {std::move(text), false};
}

std::string unreadable(const char* setting, const std::string& path, const file_text& file) {
  return std::string(setting) + "=" + path + (file.too_large ? " is larger than 4 MiB" : " cannot be read");
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// What a reload compares: CONFIG_FILE's text, API_KEYS_FILE's and GITHUB_WEBHOOK_SECRETS_FILE's, as one
// string.
std::string files_text_of(std::string_view config_text, std::string_view keys_text,
                          std::string_view secrets_text) {
  std::string text(config_text);
  text += '\0';
  text += keys_text;
  text += '\0';
  text += secrets_text;
  return text;
}
}  // namespace

environment process_environment() {
  environment env;
  for (const auto& name : setting_names())
    if (const char* v = std::getenv(name.c_str())) env[name] = v;
  return env;
}

loaded_configuration load_configuration(const environment& process, const std::vector<std::string>& args) {
  loaded_configuration loaded;
  auto& outcome = loaded.outcome;
  outcome = parse_config(process, args);
  if (!outcome.config || outcome.help || outcome.version) return loaded;
  auto fail = [&](std::string why) {
    outcome.config.reset();
    outcome.error = std::move(why);
    return loaded;
  };
  std::string config_text, keys_text, secrets_text;
  if (const auto& path = outcome.config->config_file; !path.empty()) {
    auto read = read_settings_file(path);
    if (!read.text) return fail(unreadable("CONFIG_FILE", path, read));
    auto& contents = read.text;
    auto file = parse_env_file(*contents);
    if (!file.error.empty()) return fail("CONFIG_FILE=" + path + ": " + file.error);
    config_text = std::move(*contents);
    outcome = parse_config(layered_environment(file.entries, process), args);
    if (!outcome.config) return loaded;
  }
  loaded.keys = unscoped_keys(outcome.config->api_keys);
  if (const auto& path = outcome.config->api_keys_file; !path.empty()) {
    auto read = read_settings_file(path);
    if (!read.text) return fail(unreadable("API_KEYS_FILE", path, read));
    auto& contents = read.text;
    auto file = parse_key_file(*contents);
    if (!file.error.empty()) return fail("API_KEYS_FILE=" + path + ": " + file.error);
    keys_text = std::move(*contents);
    if (auto clash = combine_keys(loaded.keys, std::move(file.keys)); !clash.empty())
      return fail("API_KEYS and API_KEYS_FILE: " + clash);
  }
  for (auto& secret : unscoped_keys(outcome.config->webhooks.secrets))
    loaded.webhook_secrets.push_back(std::move(secret));
  if (const auto& path = outcome.config->webhooks.secrets_file; !path.empty()) {
    auto read = read_settings_file(path);
    if (!read.text) return fail(unreadable("GITHUB_WEBHOOK_SECRETS_FILE", path, read));
    auto file = parse_key_file(*read.text, webhook_secret_file_rules);
    if (!file.error.empty()) return fail("GITHUB_WEBHOOK_SECRETS_FILE=" + path + ": " + file.error);
    secrets_text = std::move(*read.text);
    if (auto clash = combine_keys(loaded.webhook_secrets, std::move(file.keys)); !clash.empty())
      return fail("GITHUB_WEBHOOK_SECRET and GITHUB_WEBHOOK_SECRETS_FILE: " + clash);
  }
  loaded.files_text = files_text_of(config_text, keys_text, secrets_text);
  return loaded;
}

std::string configuration_files_text(const gateway_config& config) {
  auto text_of = [](const std::string& path) {
    return path.empty() ? "" : read_settings_file(path).text.value_or("");
  };
  return files_text_of(text_of(config.config_file), text_of(config.api_keys_file),
                       text_of(config.webhooks.secrets_file));
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
