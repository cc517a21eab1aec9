// The atoms the gateway's actors speak.
#pragma once
#include <caf/atom.hpp>

namespace gw {
using attempt_atom = caf::atom_constant<caf::atom("attempt")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using poll_atom = caf::atom_constant<caf::atom("poll")>;
using probed_atom = caf::atom_constant<caf::atom("probed")>;
}  // namespace gw
