#include "actors/webhook_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "actors/io_scheduler.hpp"
#include "actors/webhook_dispatch_steps.hpp"

namespace gw {

namespace {
using namespace webhook_dispatch;

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
