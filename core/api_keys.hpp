// Optional API keys: when any are configured, /api/v1/ routes other than health need
// "Authorization: Bearer <key>". Keys are compared in constant time and never logged.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/routes.hpp"

namespace gw {

class api_keys {
 public:
  api_keys() = default;
  explicit api_keys(std::vector<std::string> keys) : keys_(std::move(keys)) {}

  bool enabled() const { return !keys_.empty(); }
  std::size_t size() const { return keys_.size(); }

  // The key presented in `authorization` if it is one of ours, else nullopt. Every configured key is
  // compared in full, whatever matched, so the time taken says nothing about the keys.
  std::optional<std::string_view> match(std::string_view authorization) const;

 private:
  std::vector<std::string> keys_;
};

// API_KEYS: comma-separated; API_KEYS_FILE: one key per line, '#' starts a comment. Blank entries are
// dropped.
std::vector<std::string> parse_key_list(std::string_view comma_separated);
std::vector<std::string> parse_key_file(std::string_view contents);

// Whether a route needs a key when keys are on: everything under /api/v1/ except /api/v1/health.
bool route_needs_key(std::string_view path);
bool route_needs_key(std::string_view path, path_family family);

}  // namespace gw
