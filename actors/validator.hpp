// The validator actor, one per I/O thread: a create's Content-Type and body against the reference's rules
// (the pure functions of core/), answered with the canonical orchestrator body or the client's 4xx.
#pragma once
#include <functional>

#include "messages/interfaces.hpp"

namespace gw {

// The rules applied; tests replace them (for example with one that throws).
using create_rules = std::function<create_verdict(const create_body&)>;
create_verdict apply_create_rules(const create_body& request);

validator_actor::behavior_type validator(validator_actor::pointer self, create_rules rules);

}  // namespace gw
