// The webhook dispatcher's steps (actors/webhook_dispatcher is their wiring), each a plain function of the
// actor's state, in three units by what they decide.
#pragma once
#include <chrono>

#include "actors/webhook_dispatcher_state.hpp"

namespace gw::webhook_dispatch {

using clock_type = std::chrono::steady_clock;
using finish_mode = shared_job_queue::finish_mode;

inline std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

inline long long unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// actors/webhook_queue.cpp: admission, order, backoff, TTL and the drain.
// A job's schedule on this process's clock, from when any replica accepted it.
job_schedule schedule_of(const webhook_job& job, clock_type::time_point now);
void publish_gauges(webhook_dispatcher_pointer self);
// The job's end, in Redis or in memory: `forget` drops its dedup keys, so GitHub's redelivery is taken again.
void settle_job(webhook_dispatcher_pointer self, const pending_webhook_job& job, finish_mode mode);
// A job given up on: logged with what an operator needs to redeliver it from GitHub, and counted.
void give_up(webhook_dispatcher_pointer self, const pending_webhook_job& job, const char* why);
void finish_drain(webhook_dispatcher_pointer self);
// Sends the first job, in order, that its backoff and the caps let go; drops what outlived its TTL. The
// queue is in order of receipt (a job tried again goes back to the front: it is the oldest), so expiry is
// looked for at the front only, and the whole queue is walked only when nothing at all can go.
void dispatch(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings);
void take_update(webhook_dispatcher_pointer self, const webhook_job_update& update);
void take_job(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings, webhook_job& job);

// actors/webhook_creates.cpp: one job's create and what its outcome means.
void send_create(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings);
// The create begins: in memory at once; with Redis once its started mark is set (no second create, ever).
void start_create(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings,
                  pending_webhook_job job);
void finish_create(webhook_dispatcher_pointer self, const upstream_outcome& outcome);

// actors/webhook_leadership.cpp: the caps' lists, the lease and the shared stream's entries.
void list_runners(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings);
void finish_list(webhook_dispatcher_pointer self, const upstream_outcome& outcome);
void lose_leadership(webhook_dispatcher_pointer self);
void take_store_reply(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings,
                      webhook_store_reply& reply);

}  // namespace gw::webhook_dispatch
