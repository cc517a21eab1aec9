#include "actors/front_actor.hpp"

#include <spdlog/spdlog.h>

#include "actors/client_answer.hpp"
#include "actors/io_scheduler.hpp"
#include "actors/request_actor.hpp"
#include "core/access/access_control.hpp"
#include "core/protocol/envelope.hpp"
#include "core/runners/local_replies.hpp"

namespace gw {

namespace {
void spawn_validator(front_pointer self, const front_settings& settings) {
  self->state.validator = self->spawn(validator, settings.rules);
  pin_to_this_thread(self->system(), self->state.validator);
  self->monitor(self->state.validator);
}

void spawn_proxy(front_pointer self, const front_settings& settings) {
  self->state.proxy = self->spawn(orchestrator_proxy, settings.proxy);
  pin_to_this_thread(self->system(), self->state.proxy);
  self->monitor(self->state.proxy);
  self->send(self->state.proxy, health_atom::value, self->state.health);
  if (settings.monitor)
    self->send(settings.monitor, listen_atom::value, health_listener_actor{self->state.proxy});
}

void spawn_store(front_pointer self, const front_settings& settings) {
  self->state.store = self->spawn(shared_store, *settings.store);
  pin_to_this_thread(self->system(), self->state.store);
  self->monitor(self->state.store);
  self->state.stores = redis_request_store(self->state.store);
}

http_reply operational_reply(front_pointer self, const process_context& policy, const route_match& route,
                             std::string_view path) {
  if (route.kind == route_kind::metrics) {
    auto gauges = policy.server_gauges ? policy.server_gauges() : metrics_gauges{};
    const auto& health = self->state.health;
    gauges.orchestrator_state = health.orchestrator;
    gauges.orchestrator_healthy = health.healthy();
    gauges.fail_fast = health.fail_fast;
    http_reply reply;
    reply.body = gateway_metrics().exposition(gauges);
    reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
    reply.headers.emplace_back("Cache-Control", "no-store");
    return reply;
  }
  if (route.kind == route_kind::openapi || route.kind == route_kind::docs_page)
    if (auto reply = policy.docs.reply_for(path)) return std::move(*reply);
  return local_reply(route, self->state.health);
}

bool over_capacity(const process_context& policy, const incoming_request& request) {
  // The session counted this request already; health probes always get through.
  return !is_health_family(request.family) && policy.requests_in_flight != nullptr &&
         policy.requests_in_flight->load(std::memory_order_relaxed) > policy.max_requests_in_flight;
}

void take(front_pointer self, const front_settings& settings, http_exchange& exchange) {
  const auto& policy = *settings.policy;
  const auto& access = *self->state.access;
  const auto& request = exchange.request;
  auto answer = [&](http_reply reply) {
    answer_client(exchange, std::move(reply), access.cors, std::chrono::steady_clock::now());
  };
  if (exchange.refusal) return answer(reply_for(*exchange.refusal));
  if (over_capacity(policy, request)) {
    auto reply = error_reply(503, messages::too_many_requests_in_flight);
    reply.headers.emplace_back("Retry-After", "1");
    return answer(std::move(reply));
  }
  if (is_preflight(request.method, request.origin, request.preflight_method))
    return answer(
        answer_preflight(access.cors, request.origin, request.preflight_method, request.preflight_headers));
  auto route = match_route(request.method, request.path, request.family);
  // The webhook route exists while a webhook secret is in force.
  if (request.family == path_family::github_webhook && access.webhook_secrets.empty()) route = {};
  if (route.kind == route_kind::metrics && !request.via_metrics_port)
    if (auto refusal = metrics_refusal({route.needs_key, request.authorization, request.client_ip}, access,
                                       &policy.auth_failures))
      return answer(std::move(*refusal));
  if (route.kind == route_kind::metrics || (route.local && !route.needs_key))
    return answer(operational_reply(self, policy, route, request.path));
  self->spawn<request_actor, caf::hidden>(
      request_context{std::move(exchange), std::move(route), &policy, self->state.access,
                      self->state.validator, self->state.proxy, self->state.stores, settings.webhooks});
  drop_caf_logger_reference();
}
}  // namespace

front_actor::behavior_type front(front_pointer self, front_settings settings) {
  self->state.access = settings.access ? settings.access : std::make_shared<const access_settings>();
  spawn_validator(self, settings);
  spawn_proxy(self, settings);
  if (settings.store)
    spawn_store(self, settings);
  else
    self->state.stores = in_process_request_store(*settings.policy);
  if (settings.monitor) self->send(settings.monitor, listen_atom::value, health_listener_actor{self});
  // Supervision: a validator or proxy that ended (an exception escaped it) is replaced on this thread.
  self->set_down_handler([self, settings](caf::down_msg& down) {
    if (down.source == self->state.validator.address()) {
      spdlog::error("validator actor ended ({}); replaced", self->system().render(down.reason));
      spawn_validator(self, settings);
    } else if (down.source == self->state.proxy.address()) {
      spdlog::error("orchestrator proxy actor ended ({}); replaced", self->system().render(down.reason));
      spawn_proxy(self, settings);
    } else if (self->state.store && down.source == self->state.store.address()) {
      spdlog::error("shared-store actor ended ({}); replaced", self->system().render(down.reason));
      spawn_store(self, settings);
    }
  });
  // On shutdown the validator and proxy go with it.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    self->send_exit(self->state.validator, msg.reason);
    self->send_exit(self->state.proxy, msg.reason);
    if (self->state.store) self->send_exit(self->state.store, msg.reason);
    self->quit(msg.reason);
  });
  return {
      [=](http_exchange& exchange) -> one_way {
        try {
          take(self, settings, exchange);
        } catch (const std::exception& e) {
          spdlog::error("front actor: {}", e.what());
          if (exchange.reply)
            answer_client(exchange, error_reply(500, messages::internal_error), self->state.access->cors,
                          std::chrono::steady_clock::now());
        }
        return {};
      },
      [=](health_atom, health_snapshot& health) { self->state.health = std::move(health); },
      [=](settings_atom, access_snapshot& access) {
        if (access) self->state.access = std::move(access);
      },
  };
}

}  // namespace gw
