// The shared-store actor, one per I/O thread when REDIS_URL is set: the rate-limit buckets and idempotency
// records every replica shares, kept in Redis through its thread's connection (http/redis_connection). Thin
// wiring: each message becomes a script call (core/redis/redis_scripts), each reply a verdict to the sender.
// The rate checks that arrive in one turn of the thread are gathered (a flush message to itself comes after
// them) and sent as one script call per client: under load, one round trip answers many requests.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "http/redis_script_runner.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct shared_store_settings {
  std::shared_ptr<redis_script_runner> connection;  // of the actor's own thread (tests: a stand-in)
  std::string key_prefix = "gha-gateway:";
  std::chrono::milliseconds ttl{86400000};         // a settled record's life
  std::chrono::milliseconds brief_ttl{300000};     // that of an orchestrator's own error answer
  std::chrono::milliseconds in_flight_ttl{60000};  // an unsettled one's: the longest a create can take
  std::size_t max_per_caller = 1000;               // records one caller may hold
  std::string process_token;                       // tells this process's claims from another replica's
};

struct shared_store_state {
  struct waiting_check {
    rate_check check;
    caf::strong_actor_ptr sender;
  };
  std::vector<waiting_check> checks;  // gathered since the last flush
  bool flush_sent = false;
  static inline const char* name = "shared_store";
};

using shared_store_pointer = shared_store_actor::stateful_pointer<shared_store_state>;

shared_store_actor::behavior_type shared_store(shared_store_pointer self, shared_store_settings settings);

}  // namespace gw
