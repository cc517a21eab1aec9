#include "actors/orchestrator_proxy.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "telemetry/log_fields.hpp"
#include "telemetry/metrics.hpp"

namespace gw {

namespace {
using clock_type = std::chrono::steady_clock;

void settle(proxy_pointer self, uint64_t id) {
  auto it = self->state.pending.find(id);
  if (it == self->state.pending.end()) return;
  it->second.promise.deliver(std::move(it->second.last));
  self->state.pending.erase(it);
}

// One attempt, on this thread's pool; its outcome comes back as a message to this actor. The pool holds a
// weak address only: it must not keep the actor alive.
void attempt(proxy_pointer self, const proxy_settings& settings, uint64_t id, pending_call& call) {
  if (++call.attempts > 1) gateway_metrics().count_upstream_retry();
  auto deadline = std::min(self->clock().now() + settings.attempt_timeout, call.request.deadline);
  caf::actor_addr me = self->address();
  // The call travels to the pool and back with the outcome: no copy per attempt.
  settings.transport->exchange(std::move(call.request.call), deadline,
                               [me, id](upstream_outcome outcome, upstream_call sent) {
                                 if (auto proxy = caf::actor_cast<caf::actor>(me))
                                   caf::anon_send(proxy, attempt_atom::value, id, std::move(outcome),
                                                  std::move(sent));
                               });
}

void retry_or_settle(proxy_pointer self, const proxy_settings& settings, uint64_t id, pending_call& call) {
  if (self->state.orchestrator_down ||
      !should_retry(call.last, call.request.call.retry, call.attempts, settings.retry))
    return settle(self, id);
  auto delay = backoff_for_attempt(call.attempts, settings.retry);
  // A retry that could not even start before the request's deadline is not worth waiting for.
  if (self->clock().now() + delay >= call.request.deadline) return settle(self, id);
  const log_field fields[] = {{"request_id", call.request.call.request_id}};
  log_fields_scope scope(fields);
  spdlog::debug("orchestrator {} {}: attempt {} failed; retrying in {} ms", call.request.call.method,
                call.request.call.target, call.attempts, delay.count());
  self->delayed_send(self, delay, retry_atom::value, id);
}
}  // namespace

orchestrator_proxy_actor::behavior_type orchestrator_proxy(proxy_pointer self, proxy_settings settings) {
  // On shutdown, calls still pending are answered at once with what they have.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, call] : self->state.pending) call.promise.deliver(std::move(call.last));
    self->state.pending.clear();
    self->quit(msg.reason);
  });
  return {
      [=](upstream_request& request) -> caf::result<upstream_outcome> {
        if (self->state.orchestrator_down) {
          gateway_metrics().count_fail_fast_rejection();
          return upstream_outcome{upstream_failure::fail_fast, 0, {}};
        }
        auto id = ++self->state.next_id;
        auto& call = self->state.pending[id];
        call.promise = self->make_response_promise<upstream_outcome>();
        call.request = std::move(request);
        call.last = {upstream_failure::not_sent, 0, {}};
        attempt(self, settings, id, call);
        return call.promise;
      },
      [=](attempt_atom, uint64_t id, upstream_outcome& outcome, upstream_call& sent) {
        auto it = self->state.pending.find(id);
        if (it == self->state.pending.end()) return;
        it->second.last = std::move(outcome);
        it->second.request.call = std::move(sent);
        retry_or_settle(self, settings, id, it->second);
      },
      [=](retry_atom, uint64_t id) {
        auto it = self->state.pending.find(id);
        if (it == self->state.pending.end()) return;
        if (self->state.orchestrator_down) return settle(self, id);
        attempt(self, settings, id, it->second);
      },
      [=](health_atom, const health_snapshot& health) {
        // Calls waiting for a backoff end when it is over; attempts under way finish.
        self->state.orchestrator_down = health.checked && !health.reachable;
      },
  };
}

}  // namespace gw
