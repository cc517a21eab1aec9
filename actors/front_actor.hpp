// The front actor, one per I/O thread: the door. It takes every request its thread's sessions read, answers
// what needs no orchestrator (health, metrics, docs, preflights, admission refusals, the sessions' own
// refusals) and spawns a request actor for the rest. It spawns its thread's validator and proxy, watches
// them (and its shared-store actor, with REDIS_URL) and replaces one that ends, keeps the orchestrator's
// health as the monitor last told it, and the current configuration snapshot (CORS, keys, limits) as the last
// reload sent it.
#pragma once
#include <caf/stateful_actor.hpp>

#include "actors/orchestrator_proxy.hpp"
#include "actors/process_context.hpp"
#include "actors/request_store.hpp"
#include "actors/shared_store.hpp"
#include "actors/validator.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct front_settings {
  const process_context* policy = nullptr;
  access_snapshot access;  // until a reload sends another
  create_rules rules = apply_create_rules;
  proxy_settings proxy;                        // for this thread's proxy
  health_monitor_actor monitor;                // told of this thread's listeners; may be null (tests)
  std::optional<shared_store_settings> store;  // REDIS_URL set: this thread's shared-store actor
  webhook_dispatcher_actor webhooks;           // the process's; may be null (tests)
};

struct front_state {
  validator_actor validator;
  orchestrator_proxy_actor proxy;
  shared_store_actor store;                     // null: the policy's in-process stores
  std::shared_ptr<const request_store> stores;  // what the request actors ask (in process or `store`)
  health_snapshot health;
  access_snapshot access;
  static inline const char* name = "front";
};

using front_pointer = front_actor::stateful_pointer<front_state>;

front_actor::behavior_type front(front_pointer self, front_settings settings);

}  // namespace gw
