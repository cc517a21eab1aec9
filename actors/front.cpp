#include "actors/front.hpp"

#include "core/envelope.hpp"

namespace gw {

namespace {
http_reply local_reply(const route_match& route, const health_snapshot& health) {
  switch (route.kind) {
    case route_kind::healthz:
      return success_reply(R"({"status":"healthy","service":"api-gateway"})",
                           "Gateway funcionando correctamente");
    case route_kind::health:
      return health_reply(health);
    case route_kind::bad_runner_id:
      return error_reply(400, messages::invalid_runner_id);
    case route_kind::method_not_allowed: {
      auto reply = error_reply(405, messages::method_not_allowed);
      reply.headers.emplace_back("Allow", std::string(route.allow));
      return reply;
    }
    default:
      return error_reply(404, messages::not_found);
  }
}
}  // namespace

front_actor::behavior_type front(front_actor::stateful_pointer<front_state> self, front_deps deps) {
  return {
      [=](http_job& job) {
        const auto& req = job.request;
        if (is_preflight(req.method, req.origin, req.preflight_method))
          return job.sink->deliver(
              answer_preflight(deps.cors, req.origin, req.preflight_method, req.preflight_headers));
        auto route = match_route(req.method, req.target);
        if (is_local_route(route.kind)) return job.sink->deliver(local_reply(route, self->state.health));
        self->spawn(serve_request, deps.request, std::move(job), std::move(route));
      },
      [=](health_atom, health_snapshot& snapshot) { self->state.health = std::move(snapshot); },
  };
}

}  // namespace gw
