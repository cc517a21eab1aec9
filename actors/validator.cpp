#include "actors/validator.hpp"

#include "core/envelope.hpp"
#include "core/media_type.hpp"
#include "core/runner_request.hpp"

namespace gw {

create_verdict apply_create_rules(const create_body& request) {
  if (!request.body.empty() && !is_json_content_type(request.content_type))
    return {415, std::string(messages::not_json_content_type), {}};
  auto verdict = validate_runner_request(request.body);
  if (!verdict.ok) return {400, std::move(verdict.message), {}};
  return {0, {}, std::move(verdict.canonical_body)};
}

// An exception escapes: CAF answers the request with an error and the actor ends; its front replaces it.
validator_actor::behavior_type validator(validator_actor::pointer, create_rules rules) {
  return {
      [rules](validate_atom, const create_body& request) { return rules(request); },
  };
}

}  // namespace gw
