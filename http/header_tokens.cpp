#include "http/header_tokens.hpp"

#include "core/text/ascii_text.hpp"

namespace gw {

bool has_obsolete_line_folding(std::string_view bytes) {
  for (auto nl = bytes.find('\n'); nl != std::string_view::npos && nl + 1 < bytes.size();
       nl = bytes.find('\n', nl + 1)) {
    char next = bytes[nl + 1];
    if (next == ' ' || next == '\t') return true;
    if (next == '\r' || next == '\n') return false;  // the blank line: end of the head
  }
  return false;
}

bool is_exactly_chunked(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return iequals_ascii(value, "chunked");
}

}  // namespace gw
