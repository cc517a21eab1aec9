#include "actors/health_monitor.hpp"

#include <spdlog/spdlog.h>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "http/upstream_client.hpp"

namespace gw {

health_monitor_actor::behavior_type health_monitor(
    health_monitor_actor::stateful_pointer<health_monitor_state> self, health_monitor_deps deps) {
  self->send(self, poll_atom::value);
  return {
      [=](poll_atom) {
        self->delayed_send(self, deps.interval, poll_atom::value);
        if (self->state.probing) return;  // the previous probe is still within its timeout
        self->state.probing = true;
        caf::actor_addr me = self->address();
        upstream_call probe{"GET", "/health", {}, retry_class::idempotent};
        probe.health_probe = true;
        deps.client->exchange_from_any_thread(
            std::move(probe), deps.probe_timeout, [me](upstream_outcome outcome, upstream_call) {
              if (auto monitor = caf::actor_cast<caf::actor>(me))
                caf::anon_send(monitor, probed_atom::value, std::move(outcome));
            });
      },
      [=](probed_atom, const upstream_outcome& outcome) {
        self->state.probing = false;
        auto snapshot = evaluate_health(outcome);
        if (snapshot.orchestrator != self->state.last.orchestrator) {
          if (snapshot.healthy())
            spdlog::info("orchestrator health: {}", snapshot.orchestrator);
          else
            spdlog::warn("orchestrator health: {} (forwarded requests {})", snapshot.orchestrator,
                         snapshot.reachable ? "still go through" : "fail fast until it answers");
        }
        self->state.last = snapshot;
        deps.board->publish(snapshot);
      },
  };
}

}  // namespace gw
