#include "core/text/json_scanner.hpp"

namespace gw {

json_shape scan_untrusted_json(std::string_view text) {
  json_scanning::no_observer none;
  return json_scanning::scan(text, none);
}

}  // namespace gw
