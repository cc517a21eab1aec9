#include "core/runner_id.hpp"

namespace gw {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
}  // namespace

bool is_valid_runner_id(std::string_view id) {
  if (id.empty() || id.size() > 128 || !is_alnum(id[0])) return false;
  for (char c : id)
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

std::optional<std::string> runner_id_from_segment(std::string_view raw_segment) {
  auto decoded = percent_decode(raw_segment);
  if (!decoded || !is_valid_runner_id(*decoded)) return std::nullopt;
  return decoded;
}

}  // namespace gw
