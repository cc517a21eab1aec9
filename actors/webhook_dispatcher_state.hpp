// What the webhook dispatcher (actors/webhook_dispatcher) is given and what it holds.
#pragma once
#include <caf/stateful_actor.hpp>

#include <deque>
#include <optional>
#include <set>

#include "actors/orchestrator_proxy.hpp"
#include "actors/webhook_shared_queue.hpp"
#include "core/runners/runner_procedure.hpp"
#include "core/runners/time_budget.hpp"
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
  // REDIS_URL set: the shared stream (its connection is this thread's); else jobs live in this process.
  std::optional<shared_queue_settings> shared;
};

struct pending_webhook_job {
  webhook_job job;
  job_schedule schedule;
  std::string entry_id;  // its stream entry, with REDIS_URL
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
  // With REDIS_URL: the shared stream, whether this process holds the lease, and the entries it holds.
  std::optional<shared_job_queue> shared;
  bool leader = false;
  bool taking_over = false;  // a new leader's first fetch claims every pending entry
  bool fetching = false;
  std::set<std::string> held_entries;
  static inline const char* name = "webhook_dispatcher";
};

using webhook_dispatcher_pointer = webhook_dispatcher_actor::stateful_pointer<webhook_dispatcher_state>;

}  // namespace gw
