// The typed interfaces of the gateway's actors, and the message types they speak.
#pragma once
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/delegated.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <cstdint>

#include "core/access/access_settings.hpp"
#include "core/runners/health_state.hpp"
#include "core/runners/upstream.hpp"
#include "messages/atoms.hpp"
#include "messages/http_exchange.hpp"
#include "messages/shared_store.hpp"
#include "messages/upstream_request.hpp"
#include "messages/validation.hpp"
#include "messages/webhook.hpp"

// All messages stay inside one process: no serialization needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::http_exchange)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::upstream_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::upstream_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::upstream_call)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::create_body)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::create_verdict)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::health_snapshot)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::access_snapshot)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::rate_check)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::rate_verdict)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::idempotency_claim)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::claim_verdict)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::idempotency_settlement)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::webhook_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::webhook_admission)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::webhook_job_update)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::drain_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(gw::webhook_store_reply)

namespace gw {

// What a one-way handler returns. For a handler returning void, CAF builds a response promise for every
// message only to find nobody to answer; this one tells it at once that there is no answer to send.
using one_way = caf::delegated<void>;

// Whoever is told of each change of the orchestrator's health (front and proxy actors).
using health_listener_actor = caf::typed_actor<caf::reacts_to<health_atom, health_snapshot>>;

// One per I/O thread: the door. Takes every request its thread's sessions read, and each reloaded
// configuration snapshot (the requests that arrive after it use it).
using front_actor =
    caf::typed_actor<caf::reacts_to<http_exchange>, caf::reacts_to<health_atom, health_snapshot>,
                     caf::reacts_to<settings_atom, access_snapshot>>;

// One per API request: hears back from its thread's validator and proxy (each answers its sender with a
// plain message: cheaper than a request/response pair, and a request actor waits for nothing else).
using request_actor_handle =
    caf::typed_actor<caf::reacts_to<create_verdict>, caf::reacts_to<upstream_outcome>,
                     caf::reacts_to<rate_verdict>, caf::reacts_to<claim_verdict>,
                     caf::reacts_to<webhook_admission>>;

// One per I/O thread when REDIS_URL is set: the rate-limit buckets and idempotency records every replica
// shares, through its thread's Redis connection; each verdict goes to the sender. Rate checks gathered in
// one turn of the thread go out together (flush_atom, sent to itself).
using shared_store_actor =
    caf::typed_actor<caf::reacts_to<rate_check>, caf::reacts_to<idempotency_claim>,
                     caf::reacts_to<idempotency_settlement>, caf::reacts_to<flush_atom>>;

// One per I/O thread: a create's body against the reference's rules; the verdict goes to the sender.
using validator_actor = caf::typed_actor<caf::reacts_to<validate_atom, create_body>>;

// One per I/O thread: every orchestrator call of that thread, settled (attempts, retries, fail-fast), the
// final outcome sent to the caller; the rest is its own plumbing (attempt outcomes from its pool, backoff
// timers) and health news.
using orchestrator_proxy_actor =
    caf::typed_actor<caf::reacts_to<upstream_request>,
                     caf::reacts_to<attempt_atom, uint64_t, upstream_outcome, upstream_call>,
                     caf::reacts_to<retry_atom, uint64_t>, caf::reacts_to<due_atom, uint64_t>,
                     caf::reacts_to<health_atom, health_snapshot>>;

// One per process, on the first I/O thread: the queue of jobs accepted from GitHub's workflow_job deliveries
// (with REDIS_URL, the shared stream's, while it holds the dispatcher lease; lead_atom: its lease and the
// stream's entries, each second (true) and when a job was just admitted (false)), each created through its
// own proxy (one create at a time: the orchestrator works one at a time anyway), retried with backoff until
// WEBHOOK_JOB_TTL_SECONDS, held back by the caps, which completed events and its own periodic lists keep
// exact. A job's admission goes to its sender.
using webhook_dispatcher_actor =
    caf::typed_actor<caf::reacts_to<webhook_job>, caf::reacts_to<webhook_job_update>,
                     caf::reacts_to<upstream_outcome>, caf::reacts_to<dispatch_atom>,
                     caf::reacts_to<reconcile_atom>, caf::reacts_to<drain_atom, drain_request>,
                     caf::reacts_to<lead_atom, bool>, caf::reacts_to<webhook_store_reply>>;

// One: polls the orchestrator on its own timer and tells every listener of each change.
using health_monitor_actor =
    caf::typed_actor<caf::reacts_to<poll_atom>, caf::reacts_to<probed_atom, upstream_outcome>,
                     caf::reacts_to<listen_atom, health_listener_actor>>;

}  // namespace gw
