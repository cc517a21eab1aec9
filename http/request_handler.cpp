#include "http/request_handler.hpp"

#include "core/envelope.hpp"
#include "core/local_replies.hpp"
#include "core/media_type.hpp"
#include "core/routes.hpp"
#include "core/runner_request.hpp"
#include "core/upstream_mapping.hpp"

namespace gw {

std::optional<http_reply> request_handler::access_denied(const incoming_request& request) {
  if (!route_needs_key(request.path, request.family)) return std::nullopt;
  std::optional<std::string_view> key;
  if (shared_.keys.enabled()) {
    key = shared_.keys.match(request.authorization);
    if (!key) {
      auto reply =
          error_reply(401, "No autorizado: se requiere 'Authorization: Bearer <clave de API>' válida");
      reply.headers.emplace_back("WWW-Authenticate", "Bearer");
      return reply;
    }
  }
  if (shared_.limiter && shared_.limiter->enabled()) {
    std::string client = key ? "key:" + std::string(*key) : "ip:" + std::string(request.client_ip);
    if (int wait = shared_.limiter->seconds_until_allowed(client)) {
      auto reply = error_reply(429, "Demasiadas solicitudes: límite de tasa excedido");
      reply.headers.emplace_back("Retry-After", std::to_string(wait));
      return reply;
    }
  }
  return std::nullopt;
}

http_reply request_handler::operational_reply(route_kind kind, std::string_view path) const {
  if (kind == route_kind::metrics) {
    http_reply reply;
    reply.body = gateway_metrics().exposition(shared_.gauges ? shared_.gauges() : metrics_gauges{});
    reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
    reply.headers.emplace_back("Cache-Control", "no-store");
    return reply;
  }
  if (auto reply = shared_.docs.reply_for(path)) return std::move(*reply);
  return error_reply(404, messages::not_found);
}

void request_handler::handle(incoming_request request, std::shared_ptr<reply_sink> sink) {
  if (is_preflight(request.method, request.origin, request.preflight_method))
    return sink->deliver(
        answer_preflight(shared_.cors, request.origin, request.preflight_method, request.preflight_headers));

  if (auto denied = access_denied(request)) return sink->deliver(std::move(*denied));

  auto route = match_route(request.method, request.path, request.family);
  if (route.kind == route_kind::metrics || route.kind == route_kind::openapi ||
      route.kind == route_kind::docs_page)
    return sink->deliver(operational_reply(route.kind, request.path));
  if (is_local_route(route.kind)) {
    auto health = route.kind == route_kind::health ? board_.snapshot() : health_snapshot{};
    return sink->deliver(local_reply(route, health));
  }

  std::string canonical_body;
  if (route.kind == route_kind::create_runners) {
    if (!request.body.empty() && !is_json_content_type(request.content_type))
      return sink->deliver(error_reply(415, "Content-Type debe ser application/json"));
    auto verdict = validate_runner_request(request.body);
    if (!verdict.ok) return sink->deliver(error_reply(400, verdict.message));
    canonical_body = std::move(verdict.canonical_body);
  }
  if (board_.orchestrator_down()) {
    gateway_metrics().count_fail_fast_rejection();
    return sink->deliver(
        reply_for_outcome(route.kind, route.runner_id, {upstream_failure::fail_fast, 0, {}}));
  }

  const auto& forwarding = shared_.forwarding;
  auto deadline = request.arrived_at + forwarding.request_timeout;
  auto call = upstream_call_for(route.kind, route.runner_id, std::move(canonical_body));
  call.request_id = std::move(request.request_id);
  auto on_done = [this, sink = std::move(sink), kind = route.kind, id = std::move(route.runner_id), deadline](
                     upstream_outcome outcome, upstream_call call) mutable {
    if (should_retry(outcome, call.retry, 1, shared_.forwarding.retry) && !board_.orchestrator_down())
      return handoff_(retry_job{std::move(sink), kind, std::move(id), std::move(call), 1, std::move(outcome),
                                &client_, deadline});
    sink->deliver(reply_for_outcome(kind, id, outcome));
  };
  client_.exchange(std::move(call), std::min(request.arrived_at + forwarding.attempt_timeout, deadline),
                   std::move(on_done));
}

}  // namespace gw
