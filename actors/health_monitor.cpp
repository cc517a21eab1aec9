#include "actors/health_monitor.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "core/runners/retry_policy.hpp"
#include "core/text/log_text.hpp"

namespace gw {

namespace {
void log_change(const health_snapshot& snapshot) {
  auto state = sanitize_for_log(snapshot.orchestrator, 64);
  if (snapshot.healthy())
    spdlog::info("orchestrator health: {}", state);
  else
    spdlog::warn("orchestrator health: {} (forwarded requests {})", state,
                 snapshot.fail_fast ? "fail fast until it answers" : "still go through");
}

void probe(health_monitor_pointer self, const health_monitor_settings& settings, connection_use use) {
  caf::actor_addr me = self->address();
  upstream_call probe{"GET", "/health", {}, retry_class::idempotent};
  probe.health_probe = true;
  settings.transport->exchange(std::move(probe), self->state.probe_deadline, use,
                               [me](upstream_outcome outcome, upstream_call) {
                                 if (auto monitor = caf::actor_cast<caf::actor>(me))
                                   caf::anon_send(monitor, probed_atom::value, std::move(outcome));
                               });
}
}  // namespace

health_monitor_actor::behavior_type health_monitor(health_monitor_pointer self,
                                                   health_monitor_settings settings) {
  // A listener that ended (a replaced actor) is forgotten.
  self->set_down_handler([self](caf::down_msg& down) {
    auto& listeners = self->state.listeners;
    listeners.erase(
        std::remove_if(listeners.begin(), listeners.end(),
                       [&](const health_listener_actor& l) { return l.address() == down.source; }),
        listeners.end());
  });
  self->state.tracker.emplace(settings.thresholds);
  self->send(self, poll_atom::value);
  return {
      [=](poll_atom) {
        self->delayed_send(self, settings.interval, poll_atom::value);
        if (self->state.probing) return;  // the previous probe is still within its timeout
        self->state.probing = true;
        self->state.probe_deadline = self->clock().now() + settings.probe_timeout;
        probe(self, settings, connection_use::pooled_or_new);
      },
      [=](probed_atom, const upstream_outcome& outcome) {
        // A probe is one attempt: the policy may only renew its dead pooled connection.
        auto step = next_retry_step({outcome, retry_class::idempotent, 1, false, self->clock().now(),
                                     self->state.probe_deadline, self->state.probe_deadline},
                                    {1, 0.0});
        if (step.what == retry_step::kind::again_on_new_connection)
          return probe(self, settings, connection_use::new_only);
        self->state.probing = false;
        auto snapshot = self->state.tracker->observe(evaluate_health(outcome), self->clock().now());
        bool changed = snapshot.orchestrator != self->state.last.orchestrator ||
                       snapshot.fail_fast != self->state.last.fail_fast || !self->state.last.checked;
        self->state.last = snapshot;
        if (!changed) return;
        log_change(snapshot);
        for (auto& listener : self->state.listeners) self->send(listener, health_atom::value, snapshot);
      },
      [=](listen_atom, health_listener_actor& listener) {
        self->monitor(listener);
        self->send(listener, health_atom::value, self->state.last);
        self->state.listeners.push_back(std::move(listener));
      },
  };
}

}  // namespace gw
