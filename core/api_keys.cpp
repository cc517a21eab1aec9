#include "core/api_keys.hpp"

#include <cctype>

#include "core/routes.hpp"

namespace gw {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}
}  // namespace

std::optional<std::string_view> api_keys::match(std::string_view authorization) const {
  authorization = trim(authorization);
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return std::nullopt;
  auto presented = trim(authorization.substr(scheme.size()));
  std::optional<std::string_view> found;
  for (const auto& key : keys_)
    if (constant_time_equal(presented, key) && !found) found = key;
  return found;
}

std::vector<std::string> parse_key_list(std::string_view comma_separated) {
  std::vector<std::string> keys;
  while (!comma_separated.empty()) {
    auto comma = comma_separated.find(',');
    auto key = trim(comma_separated.substr(0, comma));
    if (!key.empty()) keys.emplace_back(key);
    if (comma == std::string_view::npos) break;
    comma_separated.remove_prefix(comma + 1);
  }
  return keys;
}

std::vector<std::string> parse_key_file(std::string_view contents) {
  std::vector<std::string> keys;
  while (!contents.empty()) {
    auto newline = contents.find('\n');
    auto line = contents.substr(0, newline);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (!line.empty()) keys.emplace_back(line);
    if (newline == std::string_view::npos) break;
    contents.remove_prefix(newline + 1);
  }
  return keys;
}

bool route_needs_key(std::string_view path) {
  return route_needs_key(path, path_family_of(path));
}

bool route_needs_key(std::string_view path, path_family family) {
  constexpr std::string_view api = "/api/v1/";
  return path.substr(0, api.size()) == api && !is_health_family(family);
}

}  // namespace gw
