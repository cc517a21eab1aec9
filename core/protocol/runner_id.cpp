#include "core/protocol/runner_id.hpp"

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

bool name_filter_finds(std::string_view id, std::string_view container_name) {
  if (id.size() > container_name.size()) return false;
  for (std::size_t start = 0; start + id.size() <= container_name.size(); ++start) {
    std::size_t i = 0;
    while (i < id.size() && (id[i] == '.' || id[i] == container_name[start + i])) ++i;
    if (i == id.size()) return true;
  }
  return false;
}

}  // namespace gw
