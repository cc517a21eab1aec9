#include "actors/webhook_dispatcher.hpp"

#include <spdlog/spdlog.h>
#include <caf/actor_cast.hpp>

#include <algorithm>

#include "actors/io_scheduler.hpp"
#include "core/protocol/trace_context.hpp"
#include "core/runners/audit_record.hpp"
#include "core/runners/upstream_mapping.hpp"
#include "core/webhooks/job_intake.hpp"
#include "telemetry/audit_log.hpp"
#include "telemetry/webhook_metrics.hpp"

namespace gw {

namespace {
using clock_type = std::chrono::steady_clock;
using finish_mode = shared_job_queue::finish_mode;

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

long long unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A job's schedule on this process's clock, from when any replica accepted it.
job_schedule schedule_of(const webhook_job& job, clock_type::time_point now) {
  auto age = std::chrono::milliseconds(std::max(0LL, unix_now_ms() - job.received_unix_ms));
  return {scope_key(job.scope, job.scope_name), now - age, now, 0};
}

void publish_gauges(webhook_dispatcher_pointer self) {
  auto& st = self->state;
  webhook_metrics().set_jobs_pending(st.queue.size() + (st.creating ? 1 : 0));
  webhook_metrics().set_runners_counted(st.ledger.total());
}

// The job's end, in Redis or in memory: `forget` drops its dedup keys, so GitHub's redelivery is taken again.
void settle_job(webhook_dispatcher_pointer self, const pending_webhook_job& job, finish_mode mode) {
  auto& st = self->state;
  st.held_entries.erase(job.entry_id);
  if (st.shared) return st.shared->finish(&job.job, job.entry_id, mode);
  if (mode == finish_mode::forget) {
    st.seen->forget(delivery_dedup_key(job.job.delivery_id));
    st.seen->forget(job_dedup_key(job.job.job_id, job.job.run_attempt));
  }
}

// A job given up on: logged with what an operator needs to redeliver it from GitHub, and counted.
void give_up(webhook_dispatcher_pointer self, const pending_webhook_job& job, const char* why) {
  settle_job(self, job, finish_mode::forget);
  webhook_metrics().count_job_result("dropped");
  const auto& j = job.job;
  spdlog::error(
      "webhook job {} attempt {} (delivery {}, {}:{}) dropped, no runner created: {}; redeliver it from "
      "GitHub once the cause is gone",
      j.job_id, j.run_attempt, j.delivery_id, j.scope, j.scope_name, why);
}

void audit_create(const webhook_job& job, const runner_procedure& procedure, const http_reply& reply) {
  incoming_request request;
  request.client_address = "github-webhook";
  request.request_id = job.request_id;
  request.trace_id = job.trace_id;
  write_audit(request, audit_record_for(route_kind::create_runners, job.signer, &procedure, {}, reply));
}

void send_create(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings) {
  auto& st = self->state;
  const auto& job = st.creating->job;
  st.procedure.emplace(route_kind::create_runners, std::string(),
                       create_request{job.create_body, 1, job.scope, job.scope_name});
  auto step = st.procedure->start();
  auto& call = step.call.value();
  call.request_id = job.request_id;
  call.traceparent = child_traceparent(job.trace_id, "01");
  auto now = self->clock().now();
  auto deadline = call_deadline(call, now, now, settings.budgets);
  auto attempt_timeout = attempt_timeout_for(call, settings.budgets);
  self->send(st.proxy, upstream_request{std::move(call), deadline, attempt_timeout, false});
}

// The create begins: in memory at once; with Redis once its started mark is set (no second create, ever).
void start_create(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings,
                  pending_webhook_job job) {
  auto& st = self->state;
  st.ledger.create_started(job.schedule.scope);
  st.creating = std::move(job);
  if (st.shared) return st.shared->start(st.creating->job, st.creating->entry_id);
  send_create(self, settings);
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

void wake_at(webhook_dispatcher_pointer self, clock_type::time_point when) {
  if (self->state.wake_armed) return;
  self->state.wake_armed = true;
  auto delay = std::max(when - self->clock().now(), clock_type::duration(std::chrono::milliseconds(1)));
  self->delayed_send(self, delay, dispatch_atom::value);
}

// Sends the first job, in order, that its backoff and the caps let go; drops what outlived its TTL. The
// queue is in order of receipt (a job tried again goes back to the front: it is the oldest), so expiry is
// looked for at the front only, and the whole queue is walked only when nothing at all can go.
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

void finish_create(webhook_dispatcher_pointer self, const upstream_outcome& outcome) {
  auto& st = self->state;
  auto job = std::move(st.creating.value());
  st.creating.reset();
  auto step = st.procedure->next(outcome);
  auto reply = step.reply ? std::move(*step.reply) : http_reply{502, {}, {}, "application/json", {}};
  const auto& procedure = *st.procedure;
  const auto& j = job.job;
  auto runner = runner_name_for(j.job_id, j.run_attempt);
  auto now = self->clock().now();
  if (reply.status >= 200 && reply.status <= 299) {
    // Counted under the id the orchestrator gave it (the real one names it as asked; others number them).
    auto ids = audited_runner_ids(route_kind::create_runners, reply.body, {});
    if (auto made = ids.substr(0, ids.find(',')); !made.empty()) runner = made;
    st.ledger.create_ended(job.schedule.scope, runner, true);
    settle_job(self, job, finish_mode::done);
    webhook_metrics().count_job_result("created");
    webhook_metrics().observe_create_latency(
        std::chrono::duration<double>(now - job.schedule.received_at).count());
    audit_create(j, procedure, reply);
    spdlog::info("webhook job {} attempt {} (delivery {}): runner {} created for {}:{}", j.job_id,
                 j.run_attempt, j.delivery_id, runner, j.scope, j.scope_name);
  } else if (procedure.create_never_delivered() || procedure.create_refused_by_orchestrator()) {
    // Nothing was created: try again after a backoff, until the job's TTL.
    st.ledger.create_ended(job.schedule.scope, runner, false);
    if (st.shared) st.shared->finish(&j, job.entry_id, finish_mode::retry);
    job_failed(job.schedule, now);
    spdlog::warn("webhook job {} attempt {} (delivery {}): create not done ({}, {}), next try in {:.0f} s",
                 j.job_id, j.run_attempt, j.delivery_id, reply.status,
                 procedure.create_never_delivered() ? "never sent" : "orchestrator error",
                 redispatch_delay_seconds(job.schedule.failures));
    if (!st.shared || st.leader) st.queue.push_front(std::move(job));
  } else if (reply.status >= 500) {
    // Sent, and lost on the way back: the runner may exist. Counted until a list says it does not; never
    // sent again (one runner per job).
    st.ledger.create_ended(job.schedule.scope, runner, true);
    settle_job(self, job, finish_mode::forget);
    webhook_metrics().count_job_result("maybe_created");
    audit_create(j, procedure, reply);
    spdlog::warn(
        "webhook job {} attempt {} (delivery {}): the create of runner {} was sent and its answer lost "
        "({}); it may exist, it is not sent again (redeliver the job if no runner took it)",
        j.job_id, j.run_attempt, j.delivery_id, runner, reply.status);
  } else {
    st.ledger.create_ended(job.schedule.scope, runner, false);
    settle_job(self, job, finish_mode::forget);
    webhook_metrics().count_job_result("refused");
    audit_create(j, procedure, reply);
    spdlog::error("webhook job {} attempt {} (delivery {}): the orchestrator refused its runner ({}: {})",
                  j.job_id, j.run_attempt, j.delivery_id, reply.status, reply.body);
  }
  st.procedure.reset();
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

void list_runners(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings) {
  auto& st = self->state;
  st.listing = true;
  st.listing_epoch = st.ledger.begin_listing();
  upstream_call call{"GET", "/runners", {}, retry_class::idempotent};
  auto now = self->clock().now();
  self->send(st.proxy, upstream_request{call, call_deadline(call, now, now, settings.budgets),
                                        attempt_timeout_for(call, settings.budgets), false});
}

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

void spawn_own_proxy(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings) {
  self->state.proxy = self->spawn(orchestrator_proxy, settings.proxy);
  pin_to_this_thread(self->system(), self->state.proxy);
  self->monitor(self->state.proxy);
  if (settings.monitor)
    self->send(settings.monitor, listen_atom::value, health_listener_actor{self->state.proxy});
}
}  // namespace

webhook_dispatcher_actor::behavior_type webhook_dispatcher(webhook_dispatcher_pointer self,
                                                           webhook_dispatcher_settings settings) {
  auto& st = self->state;
  st.seen.emplace(settings.max_remembered);
  spawn_own_proxy(self, settings);
  if (settings.shared) {
    st.shared.emplace(*settings.shared, self->address());
    self->send(self, lead_atom::value, true);
  } else if (settings.webhooks.configured()) {
    list_runners(self, settings);  // a restarted gateway counts the job runners still listed
  }
  self->set_down_handler([self, settings](caf::down_msg& down) {
    if (down.source != self->state.proxy.address()) return;
    spdlog::error("webhook dispatcher's proxy ended ({}); replaced", self->system().render(down.reason));
    if (self->state.creating && self->state.procedure)
      finish_create(self, {upstream_failure::timeout, 0, {}, true});
    self->state.listing = false;
    spawn_own_proxy(self, settings);
    dispatch(self, settings);
  });
  self->set_exit_handler([self](caf::exit_msg& msg) {
    finish_drain(self);
    self->send_exit(self->state.proxy, msg.reason);
    self->quit(msg.reason);
  });
  self->delayed_send(self, settings.reconcile_interval, reconcile_atom::value);
  return {
      [=](webhook_job& job) -> one_way {
        take_job(self, settings, job);
        return {};
      },
      [=](webhook_job_update& update) -> one_way {
        if (self->state.shared) {
          self->state.shared->publish_update(update);
          return {};
        }
        take_update(self, update);
        dispatch(self, settings);
        return {};
      },
      [=](upstream_outcome& outcome) -> one_way {
        if (self->state.creating && self->state.procedure)
          finish_create(self, outcome);
        else if (self->state.listing)
          finish_list(self, outcome);
        dispatch(self, settings);
        return {};
      },
      [=](dispatch_atom) -> one_way {
        self->state.wake_armed = false;
        dispatch(self, settings);
        return {};
      },
      [=](reconcile_atom) -> one_way {
        auto& st = self->state;
        self->delayed_send(self, settings.reconcile_interval, reconcile_atom::value);
        if (st.ledger.runners() > 0 && !st.creating && !st.listing) list_runners(self, settings);
        return {};
      },
      [=](lead_atom, bool periodic) -> one_way {
        auto& st = self->state;
        if (!st.shared || st.drain) return {};
        if (periodic) self->delayed_send(self, std::chrono::seconds(1), lead_atom::value, true);
        if (!st.leader) {
          st.shared->hold_lease();
        } else if (!st.fetching) {
          st.fetching = true;
          st.shared->fetch(st.taking_over);
        }
        return {};
      },
      [=](webhook_store_reply& reply) -> one_way {
        take_store_reply(self, settings, reply);
        dispatch(self, settings);
        return {};
      },
      [=](drain_atom, drain_request& request) -> one_way {
        self->state.drain = std::move(request);
        dispatch(self, settings);
        return {};
      },
  };
}

}  // namespace gw
