#include "http/request_handler.hpp"

#include "core/envelope.hpp"
#include "core/local_replies.hpp"
#include "core/routes.hpp"
#include "core/runner_request.hpp"
#include "core/upstream_mapping.hpp"

namespace gw {

void request_handler::handle(incoming_request request, std::shared_ptr<reply_sink> sink) {
  if (is_preflight(request.method, request.origin, request.preflight_method))
    return sink->deliver(
        answer_preflight(cors_, request.origin, request.preflight_method, request.preflight_headers));

  auto route = match_route(request.method, request.target);
  if (is_local_route(route.kind)) {
    auto health = route.kind == route_kind::health ? board_.snapshot() : health_snapshot{};
    return sink->deliver(local_reply(route, health));
  }

  std::string canonical_body;
  if (route.kind == route_kind::create_runners) {
    auto verdict = validate_runner_request(request.body);
    if (!verdict.ok) return sink->deliver(error_reply(400, verdict.message));
    canonical_body = std::move(verdict.canonical_body);
  }
  if (board_.orchestrator_down())
    return sink->deliver(
        reply_for_outcome(route.kind, route.runner_id, {upstream_failure::fail_fast, 0, {}}));

  auto call = upstream_call_for(route.kind, route.runner_id, std::move(canonical_body));
  auto on_done = [this, sink, kind = route.kind, id = route.runner_id,
                  call](upstream_outcome outcome) mutable {
    if (should_retry(outcome, call.retry, 1, settings_.retry) && !board_.orchestrator_down())
      return handoff_(
          retry_job{std::move(sink), kind, std::move(id), std::move(call), 1, std::move(outcome), &client_});
    sink->deliver(reply_for_outcome(kind, id, outcome));
  };
  client_.exchange(std::move(call), settings_.attempt_timeout, std::move(on_done));
}

}  // namespace gw
