#include "actors/validator.hpp"

namespace gw {

validator::behavior_type validator::make_behavior() {
  return {[](validate_atom, const std::string& body) { return validate_runner_request(body); }};
}

}  // namespace gw
