#include "actors/webhook_shared_queue.hpp"

#include <spdlog/spdlog.h>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "core/redis/redis_scripts.hpp"
#include "core/webhooks/job_intake.hpp"

namespace gw {

namespace {
std::string text_of(const redis_answer* answer) {
  return answer && answer->what == redis_answer::kind::text ? std::string(answer->text) : std::string();
}
}  // namespace

void shared_job_queue::admit(const webhook_job& job, caf::strong_actor_ptr asker) {
  using verdict = webhook_admission::verdict;
  auto tell = [asker](verdict v) {
    caf::anon_send(caf::actor_cast<request_actor_handle>(asker), webhook_admission{v});
  };
  auto text = job_record_text(job);
  if (text.empty()) return tell(verdict::store_unavailable);
  auto& k = settings_.keys;
  settings_.connection->eval(
      webhook_admit_script(),
      {k.seen(delivery_dedup_key(job.delivery_id)), k.seen(job_dedup_key(job.job_id, job.run_attempt)),
       k.stream},
      {milliseconds_text(settings_.dedup_ttl), std::to_string(settings_.max_entries), webhook_group, text},
      [tell, dispatcher = dispatcher_](const redis_answer* answer) {
        auto reply = text_of(answer);
        if (reply == "A") {
          tell(verdict::accepted);
          // The leader may be this process: it looks at the stream now rather than at its next second.
          if (auto self = caf::actor_cast<webhook_dispatcher_actor>(dispatcher))
            caf::anon_send(self, lead_atom::value, false);
        } else if (reply == "D") {
          tell(verdict::duplicate);
        } else if (reply == "Q") {
          tell(verdict::queue_full);
        } else {
          tell(verdict::store_unavailable);
        }
      });
}

void shared_job_queue::publish_update(const webhook_job_update& update) {
  auto text = update_record_text(update);
  if (text.empty()) return;
  settings_.connection->eval(webhook_update_script(), {settings_.keys.stream},
                             {std::to_string(settings_.max_entries), webhook_group, text},
                             [](const redis_answer* answer) {
                               if (text_of(answer) != "A")
                                 spdlog::warn("webhook: a job's {} event could not be shared in Redis",
                                              answer ? "later" : "(Redis unreachable)");
                             });
}

void shared_job_queue::hold_lease() {
  auto dispatcher = dispatcher_;
  settings_.connection->eval(
      webhook_lead_script(), {settings_.keys.leader},
      {settings_.me, milliseconds_text(settings_.lease), "hold"}, [dispatcher](const redis_answer* answer) {
        if (auto self = caf::actor_cast<webhook_dispatcher_actor>(dispatcher))
          caf::anon_send(self, webhook_store_reply{
                                   webhook_store_reply::kind::lead, answer != nullptr, text_of(answer), {}});
      });
}

void shared_job_queue::resign() {
  settings_.connection->eval(webhook_lead_script(), {settings_.keys.leader},
                             {settings_.me, milliseconds_text(settings_.lease), "resign"},
                             [](const redis_answer*) {});
}

void shared_job_queue::fetch(bool takeover) {
  auto dispatcher = dispatcher_;
  // A new leader claims every pending entry at once: their holder is gone.
  auto idle = takeover ? std::string("0") : milliseconds_text(settings_.takeover_idle);
  settings_.connection->eval(
      webhook_fetch_script(), {settings_.keys.leader, settings_.keys.stream},
      {settings_.me, milliseconds_text(settings_.lease), webhook_group, "100", idle},
      [dispatcher](const redis_answer* answer) {
        if (auto self = caf::actor_cast<webhook_dispatcher_actor>(dispatcher))
          caf::anon_send(self, webhook_store_reply{
                                   webhook_store_reply::kind::fetch, answer != nullptr, text_of(answer), {}});
      });
}

void shared_job_queue::start(const webhook_job& job, const std::string& entry_id) {
  auto dispatcher = dispatcher_;
  settings_.connection->eval(
      webhook_start_script(),
      {settings_.keys.leader, settings_.keys.started(job_dedup_key(job.job_id, job.run_attempt))},
      {settings_.me, milliseconds_text(settings_.lease), milliseconds_text(settings_.dedup_ttl)},
      [dispatcher, entry_id](const redis_answer* answer) {
        if (auto self = caf::actor_cast<webhook_dispatcher_actor>(dispatcher))
          caf::anon_send(self, webhook_store_reply{webhook_store_reply::kind::start, answer != nullptr,
                                                   text_of(answer), entry_id});
      });
}

void shared_job_queue::finish(const webhook_job* job, const std::string& entry_id, finish_mode mode) {
  const auto& k = settings_.keys;
  std::string started, seen_delivery, seen_job;
  if (job) {
    started = k.started(job_dedup_key(job->job_id, job->run_attempt));
    seen_delivery = k.seen(delivery_dedup_key(job->delivery_id));
    seen_job = k.seen(job_dedup_key(job->job_id, job->run_attempt));
  } else {
    started = seen_delivery = seen_job = k.prefix + "wh:none";
  }
  const char* word = mode == finish_mode::done ? "done" : mode == finish_mode::retry ? "retry" : "forget";
  settings_.connection->eval(
      webhook_finish_script(), {k.stream, started, seen_delivery, seen_job},
      {webhook_group, entry_id, word, settings_.me}, [entry_id](const redis_answer* answer) {
        // Not finished in Redis: the entry stays pending and is claimed again later,
        // when its started mark stops a second create.
        if (text_of(answer) != "K")
          spdlog::warn("webhook: stream entry {} could not be marked finished in Redis", entry_id);
      });
}

}  // namespace gw
