#include "core/protocol/media_type.hpp"

#include "core/text/ascii_text.hpp"

namespace gw {

// application/json or application/<anything>+json, any case, parameters ignored.
bool is_json_content_type(std::string_view value) {
  auto type = value.substr(0, value.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  constexpr std::string_view prefix = "application/";
  if (type.size() <= prefix.size() || !iequals_ascii(type.substr(0, prefix.size()), prefix)) return false;
  auto subtype = type.substr(prefix.size());
  return iequals_ascii(subtype, "json") ||
         (subtype.size() > 5 && iequals_ascii(subtype.substr(subtype.size() - 5), "+json"));
}

}  // namespace gw
