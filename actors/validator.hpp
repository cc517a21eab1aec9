// The validator actor: checks create bodies with validate_runner_request. No I/O, no state.
#pragma once
#include "messages/interfaces.hpp"

namespace gw {
validator_actor::behavior_type validator(validator_actor::pointer self);
}
