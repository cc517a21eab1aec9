#include "actors/request_actor.hpp"

#include <spdlog/spdlog.h>

#include "actors/client_answer.hpp"
#include "core/access/access_control.hpp"
#include "core/access/api_keys.hpp"
#include "core/idempotency/idempotency.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/trace_context.hpp"
#include "core/runners/local_replies.hpp"
#include "core/runners/runner_lists.hpp"
#include "core/runners/upstream_answers.hpp"
#include "core/runners/upstream_calls.hpp"
#include "core/text/sha256.hpp"
#include "core/webhooks/webhook_access.hpp"
#include "telemetry/audit_log.hpp"
#include "telemetry/webhook_metrics.hpp"

namespace gw {

request_actor::request_actor(caf::actor_config& cfg, request_context context)
    : request_actor_handle::base(cfg), context_(std::move(context)) {
  // A handler that throws answers its request with a 500; the actor ends, its thread serves on.
  set_exception_handler([](caf::scheduled_actor* self, std::exception_ptr&) -> caf::error {
    static_cast<request_actor*>(self)->finish(error_reply(500, messages::internal_error));
    return caf::sec::runtime_error;
  });
}

request_actor::behavior_type request_actor::make_behavior() {
  const auto& in = context_.exchange.request;
  auto access = check_access({context_.route.needs_key, in.authorization, in.client_ip}, *context_.access,
                             &context_.policy->auth_failures);
  if (access.refusal) {
    finish(std::move(*access.refusal));
    return behavior_type::make_empty_behavior();  // answered: nothing to wait for
  }
  key_ = access.key;
  audited_ = context_.access->audit && audited_action(context_.route.kind).has_value();
  check_rate();
  if (answered_) return behavior_type::make_empty_behavior();
  return {
      [this](rate_verdict& verdict) -> one_way {
        on_rate(verdict);
        return {};
      },
      [this](create_verdict& verdict) -> one_way {
        on_validated(verdict);
        return {};
      },
      [this](claim_verdict& verdict) -> one_way {
        on_claim(verdict);
        return {};
      },
      [this](webhook_admission& admission) -> one_way {
        on_admission(admission);
        return {};
      },
      [this](upstream_outcome& outcome) -> one_way {
        // An outcome before the procedure began is a bug: value() throws, and the request is answered 500.
        take(procedure_.value().next(outcome));
        return {};
      },
  };
}

void request_actor::check_rate() {
  const auto& limits = context_.access->client_limits;
  if (!context_.route.needs_key || !limits.enabled()) return admit();
  const auto& in = context_.exchange.request;
  if (auto verdict = context_.store->check_rate(*this, {client_identity(key_, in.client_ip), limits}))
    on_rate(*verdict);
}

void request_actor::on_rate(const rate_verdict& verdict) {
  if (auto refusal = refusal_for(verdict)) return finish(std::move(*refusal));
  admit();
}

void request_actor::admit() {
  const auto& in = context_.exchange.request;
  auto kind = context_.route.kind;
  if (context_.route.local) return finish(local_reply(context_.route, {}));
  if (kind == route_kind::github_webhook) return take_webhook();
  if (kind != route_kind::create_runners) return begin_procedure({});
  if (in.idempotency_key_repeated) return finish(error_reply(400, messages::idempotency_key_repeated));
  auto idempotency = parse_idempotency_key(in.idempotency_key, in.has_idempotency_key);
  if (idempotency.status == idempotency_key::state::malformed)
    return finish(error_reply(400, messages::bad_idempotency_key));
  idempotency_key_ = std::move(idempotency.value);
  send(context_.validator, validate_atom::value, create_body{in.content_type, in.body});
}

void request_actor::on_validated(create_verdict& verdict) {
  if (webhook_) return queue_webhook_job(verdict);
  if (verdict.status != 0) return finish(error_reply(verdict.status, verdict.message));
  begin_procedure({std::move(verdict.canonical_body), verdict.count, std::move(verdict.scope),
                   std::move(verdict.scope_name)});
}

void request_actor::begin_procedure(create_request create) {
  procedure_.emplace(context_.route.kind, context_.route.runner_id, std::move(create),
                     key_ ? &key_->grants : nullptr);
  auto step = procedure_->start();
  if (!step.call || idempotency_key_.empty()) return take(std::move(step));
  // Per caller; the fingerprint is the validated body's.
  idempotency_caller_ = client_identity(key_, context_.exchange.request.client_ip);
  auto fingerprint = sha256_of(step.call->body);
  claimed_step_ = std::move(step);
  if (auto verdict =
          context_.store->claim(*this, {idempotency_caller_, idempotency_key_, std::move(fingerprint)}))
    on_claim(*verdict);
}

void request_actor::on_claim(const claim_verdict& verdict) {
  if (auto refusal = refusal_for(verdict)) return finish(std::move(*refusal));
  idempotency_claimed_ = true;
  take(std::move(claimed_step_.value()));
}

// The proxy settles each call by its deadline (no attempt or backoff reaches past it), so no timer here;
// the session closes a connection whose answer never comes (its answer deadline).
void request_actor::take(runner_procedure::step step) {
  if (step.reply) return finish(std::move(*step.reply));
  const auto& in = context_.exchange.request;
  const auto& budgets = context_.policy->budgets;
  auto& call = *step.call;
  call.request_id = std::string(in.request_id);
  call.traceparent = child_traceparent(in.trace_id, in.trace_flags);
  call.tracestate = std::string(in.tracestate);
  auto deadline = call_deadline(call, in.arrived_at, clock().now(), budgets);
  auto attempt_timeout = attempt_timeout_for(call, budgets);
  bool outlive = call.work == call_work::create;
  forwarded_ = true;
  send(context_.proxy, upstream_request{std::move(call), deadline, attempt_timeout, outlive});
}

void request_actor::take_webhook() {
  const auto& in = context_.exchange.request;
  const auto& policy = *context_.policy;
  auto access = check_webhook_signature({in.hub_signature, in.hub_signature_repeated, in.body, in.client_ip},
                                        *context_.access, &policy.auth_failures);
  if (access.refusal) {
    webhook_ = std::make_unique<delivery_decision>();
    webhook_->event_label = in.github_event == "workflow_job" || in.github_event == "ping"
                                ? in.github_event
                                : std::string_view("other");
    webhook_->action_label = "-";
    return answer_webhook(std::move(*access.refusal), "bad_signature");
  }
  webhook_signer_ = access.secret;
  webhook_ = std::make_unique<delivery_decision>(
      decide_delivery({in.github_event, in.github_delivery, in.content_type, in.body}, policy.webhooks,
                      webhook_signer_->grants));
  auto& decision = *webhook_;
  if (decision.job_update && context_.webhooks) {
    const auto& job = *decision.job;
    send(context_.webhooks, webhook_job_update{job.action, job.job_id, job.run_attempt, job.runner_name,
                                               job.created_at, job.started_at});
  }
  if (decision.reply) return answer_webhook(std::move(*decision.reply), decision.outcome);
  send(context_.validator, validate_atom::value, create_body{"application/json", decision.create_body});
}

void request_actor::queue_webhook_job(create_verdict& verdict) {
  if (verdict.status != 0) return answer_webhook(error_reply(verdict.status, verdict.message), "refused");
  if (!context_.webhooks) return answer_webhook(webhook_queue_full_reply(), "refused");
  const auto& in = context_.exchange.request;
  const auto& job = *webhook_->job;
  send(context_.webhooks,
       webhook_job{std::string(in.github_delivery), job.job_id, job.run_attempt, std::move(verdict.scope),
                   std::move(verdict.scope_name), std::move(verdict.canonical_body), webhook_signer_->name,
                   std::string(in.request_id), std::string(in.trace_id)});
}

void request_actor::on_admission(const webhook_admission& admission) {
  using verdict = webhook_admission::verdict;
  const auto& job = *webhook_->job;
  auto delivery = context_.exchange.request.github_delivery;
  switch (admission.outcome) {
    case verdict::accepted:
      return answer_webhook(job_accepted_reply(job, delivery), "created");
    case verdict::duplicate:
      return answer_webhook(job_duplicate_reply(job, delivery), "duplicate");
    case verdict::queue_full:
      return answer_webhook(webhook_queue_full_reply(), "refused");
    case verdict::store_unavailable:
      return answer_webhook(webhook_store_unavailable_reply(), "refused");
  }
}

// One log line and one count per delivery, whatever it came to.
void request_actor::answer_webhook(http_reply reply, std::string_view outcome) {
  const auto& in = context_.exchange.request;
  const auto& decision = *webhook_;
  webhook_metrics().count_delivery(decision.event_label, decision.action_label, outcome);
  auto job_id = decision.job ? std::to_string(decision.job->job_id) : std::string("-");
  spdlog::info("webhook delivery {} event={} action={} job={} status={} outcome={}",
               is_delivery_id(in.github_delivery) ? in.github_delivery : std::string_view("-"),
               decision.event_label, decision.action_label, job_id, reply.status, outcome);
  finish(std::move(reply));
}

void request_actor::finish(http_reply reply) {
  if (answered_) return;
  answered_ = true;
  if (idempotency_claimed_) {
    auto keeping = keeping_for(reply.status, procedure_ && procedure_->create_never_delivered(),
                               procedure_ && procedure_->create_refused_by_orchestrator());
    auto kept = keeping != answer_keeping::none
                    ? std::optional<kept_answer>(kept_answer{reply.status, reply.body})
                    : std::nullopt;
    context_.store->settle(
        *this, {idempotency_caller_, idempotency_key_, std::move(kept), keeping == answer_keeping::brief});
  }
  if (audited_ && deserves_audit(forwarded_, procedure_ ? &*procedure_ : nullptr))
    write_audit(
        context_.exchange.request,
        audit_record_for(context_.route.kind, key_ ? std::string_view(key_->name) : std::string_view(),
                         procedure_ ? &*procedure_ : nullptr, context_.route.runner_id, reply));
  answer_client(context_.exchange, std::move(reply), context_.access->cors, std::chrono::steady_clock::now(),
                key_ ? std::string_view(key_->name) : std::string_view());
  quit();
}

}  // namespace gw
