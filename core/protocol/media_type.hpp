// Which Content-Type values count as JSON for a create body.
#pragma once
#include <string_view>

namespace gw {

// application/json or application/<anything>+json, in any case, parameters (;charset=...) ignored.
bool is_json_content_type(std::string_view value);

}  // namespace gw
