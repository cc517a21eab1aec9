// Message types and the typed interfaces of the gateway's actors.
#pragma once
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <cstdint>

#include "core/upstream.hpp"
#include "messages/atoms.hpp"
#include "messages/retry_job.hpp"

// All messages stay inside one process: no serialization needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::retry_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::upstream_outcome)

namespace gw {

// Retried calls in; the rest is its own plumbing: backoff timers and attempt results from the I/O threads.
using orchestrator_proxy_actor =
    caf::typed_actor<caf::reacts_to<retry_job>, caf::reacts_to<retry_atom, uint64_t>,
                     caf::reacts_to<attempt_atom, uint64_t, upstream_outcome>>;

// Polls on its own timer; probe results come back from an I/O thread.
using health_monitor_actor =
    caf::typed_actor<caf::reacts_to<poll_atom>, caf::reacts_to<probed_atom, upstream_outcome>>;

}  // namespace gw
