// Message types and the typed interfaces of the gateway's actors.
#pragma once
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <cstdint>
#include <string>

#include "core/health_state.hpp"
#include "core/runner_request.hpp"
#include "core/upstream.hpp"
#include "messages/atoms.hpp"
#include "messages/http_job.hpp"

// All messages stay inside one process: no serialization needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::http_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::runner_validation)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::upstream_call)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::upstream_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::health_snapshot)

namespace gw {

// Raw create body in, validation verdict (with the canonical orchestrator body) out.
using validator_actor =
    caf::typed_actor<caf::replies_to<validate_atom, std::string>::with<runner_validation>>;

// One orchestrator call in, its final outcome (after retries) out. The rest is the proxy's own plumbing:
// attempt results from the I/O threads, retry timers, and health snapshots from the monitor.
using orchestrator_proxy_actor =
    caf::typed_actor<caf::replies_to<forward_atom, upstream_call>::with<upstream_outcome>,
                     caf::reacts_to<attempt_atom, uint64_t, upstream_outcome>,
                     caf::reacts_to<retry_atom, uint64_t>, caf::reacts_to<health_atom, health_snapshot>>;

// Requests from the HTTP sessions, and the health monitor's snapshots.
using front_actor = caf::typed_actor<caf::reacts_to<http_job>, caf::reacts_to<health_atom, health_snapshot>>;

// Polls on its own timer; probe results come back from the I/O threads.
using health_monitor_actor =
    caf::typed_actor<caf::reacts_to<poll_atom>, caf::reacts_to<probed_atom, upstream_outcome>>;

}  // namespace gw
