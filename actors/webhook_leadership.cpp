#include "actors/webhook_dispatch_steps.hpp"

#include <spdlog/spdlog.h>

#include "core/runners/runner_lists.hpp"
#include "core/runners/upstream_answers.hpp"
#include "core/runners/upstream_calls.hpp"
#include "core/webhooks/job_intake.hpp"
#include "core/webhooks/job_record.hpp"
#include "telemetry/webhook_metrics.hpp"

namespace gw::webhook_dispatch {

namespace {
// The stream's entries this leader now holds: jobs join the queue (once), updates apply.
void take_entries(webhook_dispatcher_pointer self, std::string_view text) {
  auto& st = self->state;
  auto entries = stream_entries_from_text(text);
  if (!entries) return spdlog::error("webhook: Redis answered a fetch with something else; ignored");
  auto now = self->clock().now();
  for (auto& entry : *entries) {
    if (st.held_entries.count(entry.id) || (st.creating && st.creating->entry_id == entry.id)) continue;
    if (entry.kind == 'u') {
      if (auto update = update_record_from_text(entry.payload)) take_update(self, *update);
      st.shared->finish(nullptr, entry.id, finish_mode::done);
      continue;
    }
    auto job = job_record_from_text(entry.payload);
    if (!job) {
      spdlog::error("webhook: stream entry {} is not a job this gateway wrote; removed", entry.id);
      st.shared->finish(nullptr, entry.id, finish_mode::done);
      continue;
    }
    auto schedule = schedule_of(*job, now);
    st.held_entries.insert(entry.id);
    st.queue.push_back({std::move(*job), std::move(schedule), std::move(entry.id)});
  }
}
}  // namespace

void list_runners(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings) {
  auto& st = self->state;
  st.listing = true;
  st.listing_epoch = st.ledger.begin_listing();
  upstream_call call{"GET", "/runners", {}, retry_class::idempotent};
  auto now = self->clock().now();
  self->send(st.proxy, upstream_request{call, call_deadline(call, now, now, settings.budgets),
                                        attempt_timeout_for(call, settings.budgets), false});
}

void finish_list(webhook_dispatcher_pointer self, const upstream_outcome& outcome) {
  auto& st = self->state;
  st.listing = false;
  if (outcome.failure != upstream_failure::none || outcome.status != 200) return;
  auto names = listed_runner_ids(outcome.body);
  if (!names) return;
  if (st.ledger.runners() == 0 && st.listing_epoch == 1) {
    // A dispatcher that starts, or takes over: the runners made for jobs that are listed now count.
    for (const auto& runner : listed_job_runners(outcome.body)) st.ledger.adopt(runner.name, runner.scope);
    return;
  }
  if (auto gone = st.ledger.reconcile(st.listing_epoch, *names); gone > 0)
    spdlog::info("webhook caps: {} runner(s) made for jobs are no longer listed by the orchestrator", gone);
}

void lose_leadership(webhook_dispatcher_pointer self) {
  auto& st = self->state;
  if (st.leader)
    spdlog::warn("webhook: this replica no longer holds the dispatcher lease; another takes over");
  st.leader = false;
  st.queue.clear();
  st.held_entries.clear();
  st.ledger = fleet_ledger();
  if (st.creating) st.ledger.create_started(st.creating->schedule.scope);
}

void take_store_reply(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings,
                      webhook_store_reply& reply) {
  auto& st = self->state;
  using kind = webhook_store_reply::kind;
  if (reply.what == kind::lead) {
    if (reply.text == "N" || reply.text == "L") {
      spdlog::info("webhook: this replica holds the dispatcher lease; it dispatches the shared jobs");
      lose_leadership(self);  // starts clean: what the previous leader held is claimed below
      st.leader = true;
      st.taking_over = true;
      st.listing_epoch = 0;
      st.fetching = true;
      st.shared->fetch(true);
      if (!st.listing && !st.creating) list_runners(self, settings);
    } else if (reply.answered) {
      lose_leadership(self);
    }
    return;
  }
  if (reply.what == kind::fetch) {
    st.fetching = false;
    if (!reply.answered) return;  // Redis unreachable: the lease lapses or holds; the next second tells
    if (reply.text == "F") return lose_leadership(self);
    if (reply.text.empty() || reply.text.front() != 'E') return;
    st.taking_over = false;
    take_entries(self, std::string_view(reply.text).substr(1));
    return;
  }
  // start: the create's mark in Redis
  if (!st.creating || st.creating->entry_id != reply.entry_id) return;
  if (reply.text == "G") return send_create(self, settings);
  auto job = std::move(*st.creating);
  st.creating.reset();
  st.ledger.create_ended(job.schedule.scope, runner_name_for(job.job.job_id, job.job.run_attempt),
                         reply.text == "S");
  if (reply.text == "S") {
    // A previous leader began this create and died: the runner may exist; never sent twice.
    settle_job(self, job, finish_mode::done);
    webhook_metrics().count_job_result("maybe_created");
    spdlog::warn(
        "webhook job {} attempt {} (delivery {}): a previous dispatcher began its create; not sent again",
        job.job.job_id, job.job.run_attempt, job.job.delivery_id);
  } else if (reply.text == "F") {
    lose_leadership(self);
  } else if (st.leader) {
    job.schedule.not_before = self->clock().now() + std::chrono::seconds(1);  // Redis did not answer
    st.queue.push_front(std::move(job));
  }
}

}  // namespace gw::webhook_dispatch
