#include "actors/validator.hpp"

namespace gw {

validator_actor::behavior_type validator(validator_actor::pointer) {
  return {[](validate_atom, const std::string& body) { return validate_runner_request(body); }};
}

}  // namespace gw
