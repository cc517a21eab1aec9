// The atoms the gateway's actors speak.
#pragma once
#include <caf/atom.hpp>

namespace gw {
using validate_atom = caf::atom_constant<caf::atom("validate")>;
using forward_atom = caf::atom_constant<caf::atom("forward")>;
using attempt_atom = caf::atom_constant<caf::atom("attempt")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using poll_atom = caf::atom_constant<caf::atom("poll")>;
using health_atom = caf::atom_constant<caf::atom("health")>;
using probed_atom = caf::atom_constant<caf::atom("probed")>;
}  // namespace gw
