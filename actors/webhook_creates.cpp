#include "actors/webhook_dispatch_steps.hpp"

#include <spdlog/spdlog.h>

#include "core/protocol/trace_context.hpp"
#include "core/runners/audit_record.hpp"
#include "core/webhooks/job_intake.hpp"
#include "telemetry/audit_log.hpp"
#include "telemetry/webhook_metrics.hpp"

namespace gw::webhook_dispatch {

namespace {
void audit_create(const webhook_job& job, const runner_procedure& procedure, const http_reply& reply) {
  incoming_request request;
  request.client_address = "github-webhook";
  request.request_id = job.request_id;
  request.trace_id = job.trace_id;
  write_audit(request, audit_record_for(route_kind::create_runners, job.signer, &procedure, {}, reply));
}
}  // namespace

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

void start_create(webhook_dispatcher_pointer self, const webhook_dispatcher_settings& settings,
                  pending_webhook_job job) {
  auto& st = self->state;
  st.ledger.create_started(job.schedule.scope);
  st.creating = std::move(job);
  if (st.shared) return st.shared->start(st.creating->job, st.creating->entry_id);
  send_create(self, settings);
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

}  // namespace gw::webhook_dispatch
