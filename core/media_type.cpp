#include "core/media_type.hpp"

namespace gw {

namespace {
// ASCII case folding only (media types are ASCII; the C locale's tolower is a call per byte).
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}
}  // namespace

// application/json or application/<anything>+json, any case, parameters ignored.
bool is_json_content_type(std::string_view value) {
  auto type = value.substr(0, value.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  constexpr std::string_view prefix = "application/";
  if (type.size() <= prefix.size() || !iequal(type.substr(0, prefix.size()), prefix)) return false;
  auto subtype = type.substr(prefix.size());
  return iequal(subtype, "json") ||
         (subtype.size() > 5 && iequal(subtype.substr(subtype.size() - 5), "+json"));
}

}  // namespace gw
