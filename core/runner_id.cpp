#include "core/runner_id.hpp"

#include "core/ascii_text.hpp"

namespace gw {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
}  // namespace

std::optional<std::string> percent_decode(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out.push_back(segment[i]);
      continue;
    }
    if (i + 2 >= segment.size()) return std::nullopt;
    int hi = hex_digit_value(segment[i + 1]), lo = hex_digit_value(segment[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

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
