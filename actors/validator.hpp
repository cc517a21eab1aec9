// The validator actor: checks create bodies with validate_runner_request. No I/O, no state.
#pragma once
#include "messages/interfaces.hpp"

namespace gw {

// Class-based, so spawning it needs no constructor arguments (CAF's function-based spawn without
// arguments dereferences a null tuple, which UBSan rightly reports).
class validator : public validator_actor::base {
 public:
  explicit validator(caf::actor_config& config) : validator_actor::base(config) {}
  behavior_type make_behavior() override;
};

}  // namespace gw
