// The atoms the gateway's actors speak.
#pragma once
#include <caf/atom.hpp>

namespace gw {
using attempt_atom = caf::atom_constant<caf::atom("attempt")>;  // an attempt's outcome, back at the proxy
using retry_atom = caf::atom_constant<caf::atom("retry")>;      // a backoff is over
using due_atom = caf::atom_constant<caf::atom("due")>;          // a caller's deadline, its attempt running on
using poll_atom = caf::atom_constant<caf::atom("poll")>;        // time for the next health poll
using probed_atom = caf::atom_constant<caf::atom("probed")>;    // a health poll's outcome
using health_atom = caf::atom_constant<caf::atom("health")>;    // the orchestrator's health changed
using listen_atom = caf::atom_constant<caf::atom("listen")>;    // tell me of every health change
using settings_atom = caf::atom_constant<caf::atom("settings")>;  // a reloaded configuration snapshot
using flush_atom = caf::atom_constant<caf::atom("flush")>;        // the shared store: send what has gathered
using validate_atom = caf::atom_constant<caf::atom("validate")>;
using dispatch_atom = caf::atom_constant<caf::atom("dispatch")>;    // webhook jobs: look at the queue again
using reconcile_atom = caf::atom_constant<caf::atom("reconcile")>;  // webhook caps: list the runners
using lead_atom = caf::atom_constant<caf::atom("lead")>;    // webhook jobs in Redis: hold the lease, fetch
using drain_atom = caf::atom_constant<caf::atom("drain")>;  // shutdown: finish the queue by then
}  // namespace gw
