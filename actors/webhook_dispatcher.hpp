// The webhook dispatcher, one per process (on the first I/O thread) while webhooks are configured: owns the
// jobs accepted from GitHub's workflow_job deliveries until the orchestrator has answered their creates.
// It remembers each delivery and each job attempt (a duplicate creates nothing), bounds the queue, sends one
// create at a time through a proxy of its own (the orchestrator works one at a time and freezes meanwhile),
// tries again with backoff what never reached a working orchestrator until the job's TTL, holds back
// what the caps do not allow (completed events and its own lists keep the count exact), and at shutdown
// creates what it can within the grace period, logging the rest with their delivery ids. With REDIS_URL the
// jobs live in Redis's stream instead (actors/webhook_shared_queue): every replica admits, the one holding
// the lease dispatches, and nothing is lost when a replica dies. Every decision is a plain function of
// core/webhooks/.
#pragma once
#include "actors/webhook_dispatcher_state.hpp"

namespace gw {

webhook_dispatcher_actor::behavior_type webhook_dispatcher(webhook_dispatcher_pointer self,
                                                           webhook_dispatcher_settings settings);

}  // namespace gw
