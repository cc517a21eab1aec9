#include "actors/orchestrator_proxy.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "core/log_fields.hpp"
#include "core/metrics.hpp"
#include "core/upstream_mapping.hpp"
#include "http/upstream_client.hpp"

namespace gw {

namespace {
using proxy_pointer = orchestrator_proxy_actor::stateful_pointer<proxy_state>;

void settle(proxy_pointer self, uint64_t id) {
  auto it = self->state.pending.find(id);
  if (it == self->state.pending.end()) return;
  auto& job = it->second;
  job.sink->deliver(reply_for_outcome(job.route, job.runner_id, job.last));
  self->state.pending.erase(it);
}

void schedule_retry(proxy_pointer self, const proxy_settings& settings, uint64_t id, const retry_job& job) {
  auto delay = backoff_for_attempt(job.attempts, settings.retry);
  // A retry that could not even start before the request's deadline is not worth waiting for.
  if (std::chrono::steady_clock::now() + delay >= job.deadline) return settle(self, id);
  const log_field fields[] = {{"request_id", job.call.request_id}};
  log_fields_scope scope(fields);
  spdlog::debug("orchestrator {} {}: attempt {} failed; retrying in {} ms", job.call.method, job.call.target,
                job.attempts, delay.count());
  self->delayed_send(self, delay, retry_atom::value, id);
}
}  // namespace

orchestrator_proxy_actor::behavior_type orchestrator_proxy(proxy_pointer self, proxy_settings settings) {
  // On shutdown, calls still waiting are answered at once with what they have.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, job] : self->state.pending)
      job.sink->deliver(reply_for_outcome(job.route, job.runner_id, job.last));
    self->state.pending.clear();
    self->quit(msg.reason);
  });
  return {
      [=](retry_job& job) {
        auto id = ++self->state.next_id;
        auto& stored = self->state.pending.emplace(id, std::move(job)).first->second;
        if (settings.board->orchestrator_down()) return settle(self, id);
        schedule_retry(self, settings, id, stored);
      },
      [=](retry_atom, uint64_t id) {
        auto it = self->state.pending.find(id);
        if (it == self->state.pending.end()) return;
        if (settings.board->orchestrator_down()) return settle(self, id);
        auto& job = it->second;
        ++job.attempts;
        gateway_metrics().count_upstream_retry();
        // The I/O thread must not keep the actor alive: it holds a weak address only.
        caf::actor_addr me = self->address();
        // The attempt may not outlive the request's deadline.
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(job.deadline -
                                                                          std::chrono::steady_clock::now());
        auto timeout = std::clamp(left, std::chrono::milliseconds(1), settings.attempt_timeout);
        job.client->exchange_from_any_thread(
            job.call, timeout, [me, id](upstream_outcome outcome, upstream_call) {
              if (auto proxy = caf::actor_cast<caf::actor>(me))
                caf::anon_send(proxy, attempt_atom::value, id, std::move(outcome));
            });
      },
      [=](attempt_atom, uint64_t id, upstream_outcome& outcome) {
        auto it = self->state.pending.find(id);
        if (it == self->state.pending.end()) return;
        auto& job = it->second;
        job.last = std::move(outcome);
        if (!settings.board->orchestrator_down() &&
            should_retry(job.last, job.call.retry, job.attempts, settings.retry))
          return schedule_retry(self, settings, id, job);
        settle(self, id);
      },
  };
}

}  // namespace gw
