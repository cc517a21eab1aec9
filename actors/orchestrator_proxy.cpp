#include "actors/orchestrator_proxy.hpp"

#include <spdlog/spdlog.h>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

namespace gw {

namespace {
using proxy_pointer = orchestrator_proxy_actor::stateful_pointer<proxy_state>;

void start_attempt(proxy_pointer self, const std::shared_ptr<upstream_client>& client,
                   const proxy_settings& settings, uint64_t id, proxy_state::pending_call& call) {
  ++call.attempts;
  // The I/O thread must not keep the actor alive: it holds a weak address only.
  caf::actor_addr me = self->address();
  client->exchange(call.call, settings.attempt_timeout, [me, id](upstream_outcome outcome) {
    if (auto proxy = caf::actor_cast<caf::actor>(me))
      caf::anon_send(proxy, attempt_atom::value, id, std::move(outcome));
  });
}

void finish(proxy_pointer self, uint64_t id, upstream_outcome outcome) {
  auto it = self->state.pending.find(id);
  if (it == self->state.pending.end()) return;
  it->second.promise.deliver(std::move(outcome));
  self->state.pending.erase(it);
}
}  // namespace

orchestrator_proxy_actor::behavior_type orchestrator_proxy(proxy_pointer self,
                                                           std::shared_ptr<upstream_client> client,
                                                           proxy_settings settings) {
  // On shutdown, calls still waiting are answered at once instead of leaving their requesters hanging.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, call] : self->state.pending)
      call.promise.deliver(upstream_outcome{upstream_failure::not_sent, 0, {}});
    self->state.pending.clear();
    self->quit(msg.reason);
  });
  return {
      [=](forward_atom, upstream_call& call) -> caf::result<upstream_outcome> {
        if (self->state.orchestrator_down) return upstream_outcome{upstream_failure::fail_fast, 0, {}};
        auto id = ++self->state.next_id;
        auto& pending = self->state.pending[id];
        pending.promise = self->make_response_promise<upstream_outcome>();
        pending.call = std::move(call);
        start_attempt(self, client, settings, id, pending);
        return pending.promise;
      },
      [=](attempt_atom, uint64_t id, upstream_outcome& outcome) {
        auto it = self->state.pending.find(id);
        if (it == self->state.pending.end()) return;
        auto& pending = it->second;
        if (!self->state.orchestrator_down &&
            should_retry(outcome, pending.call.retry, pending.attempts, settings.retry)) {
          auto delay = backoff_for_attempt(pending.attempts, settings.retry);
          spdlog::debug("orchestrator {} {} attempt {} failed; retrying in {} ms", pending.call.method,
                        pending.call.target, pending.attempts, delay.count());
          pending.last = std::move(outcome);
          self->delayed_send(self, delay, retry_atom::value, id);
          return;
        }
        finish(self, id, std::move(outcome));
      },
      [=](retry_atom, uint64_t id) {
        auto it = self->state.pending.find(id);
        if (it == self->state.pending.end()) return;
        if (self->state.orchestrator_down) return finish(self, id, std::move(it->second.last));
        start_attempt(self, client, settings, id, it->second);
      },
      [=](health_atom, const health_snapshot& snapshot) {
        bool down = snapshot.checked && !snapshot.reachable;
        if (down != self->state.orchestrator_down)
          spdlog::warn(down ? "orchestrator unreachable: failing fast until it answers again"
                            : "orchestrator reachable again: forwarding resumes");
        self->state.orchestrator_down = down;
      },
  };
}

}  // namespace gw
