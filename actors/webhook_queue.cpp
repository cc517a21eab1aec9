#include "actors/webhook_dispatch_steps.hpp"

#include <spdlog/spdlog.h>
#include <caf/actor_cast.hpp>

#include <algorithm>

#include "core/webhooks/job_intake.hpp"
#include "telemetry/webhook_metrics.hpp"

namespace gw::webhook_dispatch {

namespace {
void wake_at(webhook_dispatcher_pointer self, clock_type::time_point when) {
  if (self->state.wake_armed) return;
  self->state.wake_armed = true;
  auto delay = std::max(when - self->clock().now(), clock_type::duration(std::chrono::milliseconds(1)));
  self->delayed_send(self, delay, dispatch_atom::value);
}
}  // namespace

job_schedule schedule_of(const webhook_job& job, clock_type::time_point now) {
  auto age = std::chrono::milliseconds(std::max(0LL, unix_now_ms() - job.received_unix_ms));
  return {scope_key(job.scope, job.scope_name), now - age, now, 0};
}

void publish_gauges(webhook_dispatcher_pointer self) {
  auto& st = self->state;
  webhook_metrics().set_jobs_pending(st.queue.size() + (st.creating ? 1 : 0));
  webhook_metrics().set_runners_counted(st.ledger.total());
}

void settle_job(webhook_dispatcher_pointer self, const pending_webhook_job& job, finish_mode mode) {
  auto& st = self->state;
  st.held_entries.erase(job.entry_id);
  if (st.shared) return st.shared->finish(&job.job, job.entry_id, mode);
  if (mode == finish_mode::forget) {
    st.seen->forget(delivery_dedup_key(job.job.delivery_id));
    st.seen->forget(job_dedup_key(job.job.job_id, job.job.run_attempt));
  }
}

void give_up(webhook_dispatcher_pointer self, const pending_webhook_job& job, const char* why) {
  settle_job(self, job, finish_mode::forget);
  webhook_metrics().count_job_result("dropped");
  const auto& j = job.job;
  spdlog::error(
      "webhook job {} attempt {} (delivery {}, {}:{}) dropped, no runner created: {}; redeliver it from "
      "GitHub once the cause is gone",
      j.job_id, j.run_attempt, j.delivery_id, j.scope, j.scope_name, why);
}

void finish_drain(webhook_dispatcher_pointer self) {
  auto& st = self->state;
  if (st.shared) {
    if (!st.queue.empty())
      spdlog::info("webhook: {} accepted job(s) stay in Redis for another replica", st.queue.size());
    st.shared->resign();
    st.leader = false;
  } else {
    for (const auto& job : st.queue) give_up(self, job, "the gateway stopped before its create");
  }
  st.queue.clear();
  if (st.creating)
    spdlog::error(
        "webhook job {} attempt {} (delivery {}): its create was under way at shutdown; check "
        "the runners before redelivering it",
        st.creating->job.job_id, st.creating->job.run_attempt, st.creating->job.delivery_id);
  if (st.drain && st.drain->done) st.drain->done->set_value();
  st.drain.reset();
  publish_gauges(self);
}

void dispatch(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings) {
  auto& st = self->state;
  auto now = self->clock().now();
  if (st.drain && now >= st.drain->deadline) return finish_drain(self);
  auto ttl = millis(settings.webhooks.job_ttl_seconds);
  while (!st.queue.empty() && job_expired(st.queue.front().schedule, now, ttl)) {
    give_up(self, st.queue.front(), "WEBHOOK_JOB_TTL_SECONDS passed");
    st.queue.pop_front();
  }
  bool blocked = false;  // jobs wait, and none of them could go
  if (!st.creating && !st.listing && !st.queue.empty()) {
    auto it = std::find_if(st.queue.begin(), st.queue.end(), [&](const pending_webhook_job& job) {
      return job_can_go(job.schedule, st.ledger, settings.webhooks.caps, now);
    });
    if (it != st.queue.end()) {
      auto job = std::move(*it);
      st.queue.erase(it);
      start_create(self, settings, std::move(job));
    } else {
      blocked = true;
    }
  }
  publish_gauges(self);
  if (st.drain && (st.queue.empty() || st.shared) && !st.creating) return finish_drain(self);
  if ((st.queue.empty() && !st.drain) || self->state.wake_armed) return;
  // Backoffs end, TTLs pass, a drain's deadline comes: look again then (at least once a second). A create or
  // list under way brings the next look with its outcome.
  auto next = now + std::chrono::seconds(1);
  if (blocked)
    for (const auto& job : st.queue)
      if (job.schedule.not_before > now) next = std::min(next, job.schedule.not_before);
  if (st.drain) next = std::min(next, st.drain->deadline);
  wake_at(self, next);
}

void take_update(webhook_dispatcher_pointer self, const webhook_job_update& update) {
  auto& st = self->state;
  if (update.action == "in_progress") {
    if (st.ledger.counts(update.runner_name) && update.created_at && update.started_at)
      webhook_metrics().observe_github_queue_time(*update.started_at - *update.created_at);
    return;
  }
  // completed: its runner has ended (ephemeral); a job still waiting needs none any more.
  st.ledger.runner_ended(update.runner_name);
  for (auto it = st.queue.begin(); it != st.queue.end(); ++it)
    if (it->job.job_id == update.job_id && it->job.run_attempt == update.run_attempt) {
      spdlog::info(
          "webhook job {} attempt {} (delivery {}) completed before its runner was created: not created",
          update.job_id, update.run_attempt, it->job.delivery_id);
      webhook_metrics().count_job_result("not_needed");
      settle_job(self, *it, finish_mode::done);
      st.queue.erase(it);
      break;
    }
}

void take_job(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings,
              webhook_job& job) {
  auto& st = self->state;
  using verdict = webhook_admission::verdict;
  job.received_unix_ms = unix_now_ms();
  if (st.drain) {
    caf::anon_send(caf::actor_cast<request_actor_handle>(self->current_sender()),
                   webhook_admission{verdict::queue_full});
    return;
  }
  if (st.shared) return st.shared->admit(job, self->current_sender());
  auto answer = [&](verdict v) {
    self->send(caf::actor_cast<request_actor_handle>(self->current_sender()), webhook_admission{v});
  };
  auto now = self->clock().now();
  auto delivery_key = delivery_dedup_key(job.delivery_id);
  auto attempt_key = job_dedup_key(job.job_id, job.run_attempt);
  if (st.seen->contains(delivery_key, now) || st.seen->contains(attempt_key, now))
    return answer(verdict::duplicate);
  if (st.queue.size() >= settings.webhooks.queue_max) return answer(verdict::queue_full);
  auto ttl = millis(settings.webhooks.dedup_ttl_seconds);
  st.seen->add(delivery_key, now, ttl);
  st.seen->add(attempt_key, now, ttl);
  auto schedule = schedule_of(job, now);
  st.queue.push_back({std::move(job), std::move(schedule), {}});
  answer(verdict::accepted);
  dispatch(self, settings);
}

}  // namespace gw::webhook_dispatch
