// The webhook dispatcher, one per process (on the first I/O thread) while webhooks are configured: owns the
// jobs accepted from GitHub's workflow_job deliveries until the orchestrator has answered their creates.
// It remembers each delivery and each job attempt (a duplicate creates nothing), bounds the queue, sends one
// create at a time through a proxy of its own (the orchestrator works one at a time and freezes meanwhile),
// tries again with backoff what never reached a working orchestrator until the job's TTL, holds back
// what the caps do not allow (completed events and its own lists keep the count exact), and at shutdown
// creates what it can within the grace period, logging the rest with their delivery ids. Every decision
// is a plain function of core/webhooks/.
#pragma once
#include <caf/stateful_actor.hpp>

#include <deque>
#include <optional>

#include "actors/orchestrator_proxy.hpp"
#include "core/runner_procedure.hpp"
#include "core/time_budget.hpp"
#include "core/webhooks/job_schedule.hpp"
#include "core/webhooks/seen_deliveries.hpp"
#include "core/webhooks/webhook_settings.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct webhook_dispatcher_settings {
  webhook_settings webhooks;
  time_budget_settings budgets;
  proxy_settings proxy;          // for the dispatcher's own proxy, on its thread
  health_monitor_actor monitor;  // told of that proxy; may be null (tests)
  std::chrono::milliseconds reconcile_interval{30000};
  std::size_t max_remembered = 200000;  // dedup keys kept in process
};

struct pending_webhook_job {
  webhook_job job;
  job_schedule schedule;
};

struct webhook_dispatcher_state {
  orchestrator_proxy_actor proxy;
  std::deque<pending_webhook_job> queue;
  std::optional<pending_webhook_job> creating;  // its create is at the proxy
  std::optional<runner_procedure> procedure;    // of `creating`
  bool listing = false;                         // a reconciling list is at the proxy
  std::uint64_t listing_epoch = 0;
  fleet_ledger ledger;
  std::optional<seen_deliveries> seen;
  bool wake_armed = false;  // a dispatch_atom is on its way
  std::optional<drain_request> drain;
  static inline const char* name = "webhook_dispatcher";
};

using webhook_dispatcher_pointer = webhook_dispatcher_actor::stateful_pointer<webhook_dispatcher_state>;

webhook_dispatcher_actor::behavior_type webhook_dispatcher(webhook_dispatcher_pointer self,
                                                           webhook_dispatcher_settings settings);

}  // namespace gw
