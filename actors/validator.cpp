#include "actors/validator.hpp"

#include <caf/actor_cast.hpp>

#include "core/protocol/envelope.hpp"
#include "core/protocol/media_type.hpp"
#include "core/runners/runner_request.hpp"

namespace gw {

namespace {
create_verdict refused(unsigned status, std::string message) {
  create_verdict verdict;
  verdict.status = status;
  verdict.message = std::move(message);
  return verdict;
}
}  // namespace

create_verdict apply_create_rules(const create_body& request) {
  if (!request.body.empty() && !is_json_content_type(request.content_type))
    return refused(415, std::string(messages::not_json_content_type));
  auto verdict = validate_runner_request(request.body);
  if (!verdict.ok) return refused(400, std::move(verdict.message));
  return {0,
          {},
          std::move(verdict.canonical_body),
          verdict.count,
          std::move(verdict.scope),
          std::move(verdict.scope_name)};
}

// The verdict goes to whoever asked. A rule that throws still answers (a 500) before the exception ends the
// actor; its front replaces it.
validator_actor::behavior_type validator(validator_actor::pointer self, create_rules rules) {
  return {
      [self, rules](validate_atom, const create_body& request) -> one_way {
        auto asker = caf::actor_cast<request_actor_handle>(self->current_sender());
        try {
          self->send(asker, rules(request));
        } catch (...) {
          self->send(asker, refused(500, std::string(messages::internal_error)));
          throw;
        }
        return {};
      },
  };
}

}  // namespace gw
