#include "core/config/env_file.hpp"

#include <algorithm>

#include "core/text/ascii_text.hpp"

namespace gw {

namespace {
std::string_view trim(std::string_view s) {
  return trim_ascii(s, " \t\r");
}
}  // namespace

env_file_outcome parse_env_file(std::string_view contents) {
  env_file_outcome out;
  auto names = setting_names();
  std::size_t line_number = 0;
  while (!contents.empty()) {
    ++line_number;
    auto newline = contents.find('\n');
    auto line = trim(contents.substr(0, newline));
    contents.remove_prefix(newline == std::string_view::npos ? contents.size() : newline + 1);
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](const std::string& why) {
      out.error = "line " + std::to_string(line_number) + ": " + why;
      out.entries.clear();
      return out;
    };
    auto eq = line.find('=');
    if (eq == std::string_view::npos) return fail("expected NAME=VALUE");
    std::string name(trim(line.substr(0, eq)));
    auto value = trim(line.substr(eq + 1));
    if (std::find(names.begin(), names.end(), name) == names.end() || name == "CONFIG_FILE")
      return fail("'" + name + "' is not a setting of the gateway (see --help)");
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    if (out.entries.count(name)) return fail(name + " is set twice");
    out.entries[name] = std::string(value);
  }
  return out;
}

environment layered_environment(const environment& file_entries, const environment& process) {
  environment merged = file_entries;
  for (const auto& [name, value] : process) merged[name] = value;
  return merged;
}

}  // namespace gw
