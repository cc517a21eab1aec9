#include "actors/orchestrator_proxy.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "core/protocol/trace_context.hpp"
#include "telemetry/log_fields.hpp"
#include "telemetry/metrics.hpp"

namespace gw {

namespace {
uint64_t id_of(const proxy_state& state, const pending_call& call) {
  auto slot = static_cast<uint64_t>(&call - state.calls.data());
  return (static_cast<uint64_t>(call.generation) << 32) | slot;
}

pending_call* find(proxy_state& state, uint64_t id) {
  auto slot = static_cast<std::size_t>(id & 0xffffffffu);
  if (slot >= state.calls.size()) return nullptr;
  auto& call = state.calls[slot];
  return call.open && call.generation == static_cast<uint32_t>(id >> 32) ? &call : nullptr;
}

pending_call& open_call(proxy_state& state) {
  std::size_t slot;
  if (state.free_slots.empty()) {
    slot = state.calls.size();
    state.calls.emplace_back();  // only until as many calls as ever were open at once have been seen
  } else {
    slot = state.free_slots.back();
    state.free_slots.pop_back();
  }
  auto& call = state.calls[slot];
  ++call.generation;
  call.open = true;
  call.attempts = 0;
  call.lost_attempt = call.in_flight = call.detached = false;
  return call;
}

void release(proxy_pointer self, pending_call& call) {
  call.open = false;
  self->state.free_slots.push_back(static_cast<uint32_t>(&call - self->state.calls.data()));
}

void answer_caller(proxy_pointer self, pending_call& call, upstream_outcome outcome) {
  if (call.caller)
    self->send(caf::actor_cast<request_actor_handle>(std::move(call.caller)), std::move(outcome));
  call.caller = nullptr;
}

void settle(proxy_pointer self, pending_call& call) {
  if (!call.detached) answer_caller(self, call, std::move(call.last));
  release(self, call);
}

// A call ended before its attempts did (shutdown, an exception): an attempt still under way was written and
// may have been done (a create may have created), so it is answered as a lost attempt, never as one never
// sent.
void settle_unfinished(proxy_pointer self, pending_call& call) {
  if (call.in_flight) call.last = {upstream_failure::timeout, 0, {}, true};
  call.last.earlier_attempt_lost = call.last.earlier_attempt_lost || call.lost_attempt;
  settle(self, call);
}

// One attempt, on this thread's pool; its outcome comes back as a message to this actor. The pool holds a
// weak address only: it must not keep the actor alive. A new connection's retry of a dead pooled one is the
// same attempt: same deadline, not counted again.
void attempt(proxy_pointer self, const proxy_settings& settings, pending_call& call,
             connection_use use = connection_use::pooled_or_new) {
  auto id = id_of(self->state, call);
  if (use == connection_use::pooled_or_new) {
    if (++call.attempts > 1) gateway_metrics().count_upstream_retry();
    gateway_metrics().count_upstream_attempt();
    auto now = self->clock().now();
    call.attempt_deadline = now + call.request.attempt_timeout;
    if (!call.request.outlive_deadline)
      call.attempt_deadline = std::min(call.attempt_deadline, call.request.deadline);
    else if (call.attempt_deadline > call.request.deadline)
      self->delayed_send(self, std::max(call.request.deadline - now, caf::timespan(0)), due_atom::value, id);
  }
  caf::actor_addr me = self->address();
  // The call travels to the pool and back with the outcome: no copy per attempt.
  settings.transport->exchange(std::move(call.request.call), call.attempt_deadline, use,
                               [me, id](upstream_outcome outcome, upstream_call sent) {
                                 if (auto proxy = caf::actor_cast<caf::actor>(me))
                                   caf::anon_send(proxy, attempt_atom::value, id, std::move(outcome),
                                                  std::move(sent));
                               });
  call.in_flight = true;  // once handed over (an exchange that throws sent nothing); its outcome is a message
}

// Every attempt's failure, once the policy has not taken it back as the dead pooled connection it was.
void count_failure(const upstream_outcome& outcome) {
  auto& metrics = gateway_metrics();
  switch (outcome.failure) {
    case upstream_failure::not_sent:
      return metrics.count_upstream_failure(upstream_failure_kind::connect);
    case upstream_failure::transport:
      return metrics.count_upstream_failure(upstream_failure_kind::transport);
    case upstream_failure::timeout:
      return metrics.count_upstream_failure(upstream_failure_kind::timeout);
    default:
      if (outcome.status >= 500) metrics.count_upstream_failure(upstream_failure_kind::status_5xx);
  }
}

bool maybe_delivered(const upstream_outcome& outcome) {
  return outcome.failure == upstream_failure::transport || outcome.failure == upstream_failure::timeout;
}

// A create whose caller was answered at its deadline has ended: say how, with its request id.
void log_late_create(const pending_call& call) {
  const auto& o = call.last;
  const log_field fields[] = {{"request_id", call.request.call.request_id},
                              {"trace_id", trace_id_of(call.request.call.traceparent)}};
  log_fields_scope scope(fields);
  if (o.failure == upstream_failure::none && o.status >= 200 && o.status <= 299) {
    gateway_metrics().count_late_create(late_create_kind::created);
    spdlog::warn("create answered by the orchestrator after its client's deadline: HTTP {} (runners created)",
                 o.status);
  } else if (o.failure == upstream_failure::none) {
    gateway_metrics().count_late_create(late_create_kind::failed);
    spdlog::warn("create answered by the orchestrator after its client's deadline: HTTP {} (not created)",
                 o.status);
  } else {
    gateway_metrics().count_late_create(late_create_kind::unanswered);
    spdlog::warn(
        "create still unanswered by the orchestrator at the end of its budget; its runners may exist");
  }
}

retry_step next_step(proxy_pointer self, const proxy_settings& settings, const pending_call& call,
                     const upstream_outcome& outcome) {
  return next_retry_step({outcome, call.request.call.retry, call.attempts, self->state.orchestrator_down,
                          self->clock().now(), call.attempt_deadline, call.request.deadline},
                         settings.retry);
}

void retry_or_settle(proxy_pointer self, pending_call& call, const retry_step& step) {
  if (call.detached) {
    log_late_create(call);
    return release(self, call);
  }
  if (step.what == retry_step::kind::settle) return settle(self, call);
  const log_field fields[] = {{"request_id", call.request.call.request_id},
                              {"trace_id", trace_id_of(call.request.call.traceparent)}};
  log_fields_scope scope(fields);
  spdlog::debug("orchestrator {} {}: attempt {} failed; retrying in {} ms", call.request.call.method,
                call.request.call.target, call.attempts, step.delay.count());
  self->delayed_send(self, step.delay, retry_atom::value, id_of(self->state, call));
}
}  // namespace

orchestrator_proxy_actor::behavior_type orchestrator_proxy(proxy_pointer self, proxy_settings settings) {
  // On shutdown, calls still pending are answered at once with what they have.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& call : self->state.calls)
      if (call.open) settle_unfinished(self, call);
    self->quit(msg.reason);
  });
  // An exception ends the actor (its front replaces it), but no caller is left without an answer.
  self->set_exception_handler([self](caf::scheduled_actor*, std::exception_ptr&) -> caf::error {
    for (auto& call : self->state.calls)
      if (call.open) settle_unfinished(self, call);
    return caf::sec::runtime_error;
  });
  return {
      [=](upstream_request& request) -> one_way {
        if (self->state.orchestrator_down) {
          gateway_metrics().count_fail_fast_rejection();
          self->send(caf::actor_cast<request_actor_handle>(self->current_sender()),
                     upstream_outcome{upstream_failure::fail_fast, 0, {}});
          return {};
        }
        auto& call = open_call(self->state);
        call.caller = self->current_sender();
        call.request = std::move(request);
        call.last = {upstream_failure::not_sent, 0, {}};
        attempt(self, settings, call);
        return {};
      },
      [=](attempt_atom, uint64_t id, upstream_outcome& outcome, upstream_call& sent) -> one_way {
        if (auto* call = find(self->state, id)) {
          call->in_flight = false;
          call->request.call = std::move(sent);
          auto step = next_step(self, settings, *call, outcome);
          if (step.what == retry_step::kind::again_on_new_connection) {
            attempt(self, settings, *call, connection_use::new_only);
            return {};
          }
          count_failure(outcome);
          bool lost_before = call->lost_attempt;
          call->lost_attempt = lost_before || maybe_delivered(outcome);
          call->last = std::move(outcome);
          call->last.earlier_attempt_lost = lost_before;
          retry_or_settle(self, *call, step);
        }
        return {};
      },
      [=](due_atom, uint64_t id) -> one_way {
        // The caller's deadline, its create still under way: it is told so; the attempt runs on.
        if (auto* call = find(self->state, id); call && call->in_flight && !call->detached) {
          answer_caller(self, *call,
                        upstream_outcome{upstream_failure::timeout, 0, {}, call->lost_attempt, true});
          call->detached = true;
        }
        return {};
      },
      [=](retry_atom, uint64_t id) -> one_way {
        if (auto* call = find(self->state, id)) {
          if (self->state.orchestrator_down)
            settle(self, *call);
          else
            attempt(self, settings, *call);
        }
        return {};
      },
      [=](health_atom, const health_snapshot& health) {
        // Calls waiting for a backoff end when it is over; attempts under way finish.
        self->state.orchestrator_down = health.fail_fast;
      },
  };
}

}  // namespace gw
