// The webhook dispatcher's calls to the shared job stream in Redis (core/webhooks/webhook_redis), on its
// thread's connection. Each answer that the dispatcher waits for comes back to it as a webhook_store_reply
// (the connection's callbacks run outside the actor); an admission's answer goes straight to the request
// actor that asked.
#pragma once
#include <caf/actor_addr.hpp>
#include <caf/fwd.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "core/webhooks/webhook_redis.hpp"
#include "http/redis_script_runner.hpp"
#include "messages/interfaces.hpp"

namespace gw {

struct shared_queue_settings {
  std::shared_ptr<redis_script_runner> connection;  // the thread's Redis connection
  webhook_redis_keys keys;
  std::string me;  // this process's token: its consumer name and lease value
  std::chrono::milliseconds lease{5000};
  std::chrono::milliseconds takeover_idle{15000};  // an entry pending this long is claimed again
  std::chrono::milliseconds dedup_ttl{259200000};
  std::size_t max_entries = 10000;
};

class shared_job_queue {
 public:
  shared_job_queue(shared_queue_settings settings, caf::actor_addr dispatcher)
      : settings_(std::move(settings)), dispatcher_(std::move(dispatcher)) {}

  void admit(const webhook_job& job, caf::strong_actor_ptr asker);
  void publish_update(const webhook_job_update& update);
  void hold_lease();
  void resign();
  void fetch(bool takeover);
  void start(const webhook_job& job, const std::string& entry_id);
  enum class finish_mode { done, retry, forget };
  void finish(const webhook_job* job, const std::string& entry_id, finish_mode mode);

 private:
  shared_queue_settings settings_;
  caf::actor_addr dispatcher_;
};

}  // namespace gw
