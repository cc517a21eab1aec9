// The shared-store actor, one per I/O thread when REDIS_URL is set: the rate-limit buckets and idempotency
// records every replica shares, kept in Redis through its thread's connection (http/redis_connection). Thin
// wiring: each message becomes one script call (core/redis_scripts), each reply one verdict to the sender.
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "http/redis_connection.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct shared_store_settings {
  std::shared_ptr<redis_connection> connection;  // of the actor's own thread
  std::string key_prefix = "gha-gateway:";
  std::chrono::milliseconds ttl{86400000};         // a settled record's life
  std::chrono::milliseconds in_flight_ttl{60000};  // an unsettled one's: the longest a request can take
  std::string process_token;                       // tells this process's claims from another replica's
};

shared_store_actor::behavior_type shared_store(shared_store_actor::pointer self,
                                               shared_store_settings settings);

}  // namespace gw
