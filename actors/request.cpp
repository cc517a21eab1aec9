#include "actors/request.hpp"

#include <spdlog/spdlog.h>
#include <caf/sec.hpp>

#include "core/envelope.hpp"
#include "core/upstream_mapping.hpp"

namespace gw {

namespace {
constexpr auto validation_timeout = std::chrono::seconds(5);

struct request_context {
  http_job job;
  route_match route;
  void answer(http_reply reply) { job.sink->deliver(std::move(reply)); }
};

http_reply reply_for_actor_error(const caf::error& err) {
  if (err == caf::sec::request_timeout) return error_reply(504, messages::upstream_timeout);
  spdlog::error("request failed inside the gateway: {}", caf::to_string(err));
  return error_reply(500, messages::internal_error);
}

void forward(caf::event_based_actor* self, const request_deps& deps, std::shared_ptr<request_context> ctx,
             std::string canonical_body) {
  auto call = upstream_call_for(ctx->route.kind, ctx->route.runner_id, std::move(canonical_body));
  self->request(deps.proxy, deps.deadline, forward_atom::value, std::move(call))
      .then(
          [ctx](upstream_outcome& outcome) {
            ctx->answer(reply_for_outcome(ctx->route.kind, ctx->route.runner_id, outcome));
          },
          [ctx](caf::error& err) { ctx->answer(reply_for_actor_error(err)); });
}
}  // namespace

void serve_request(caf::event_based_actor* self, request_deps deps, http_job job, route_match route) {
  auto ctx = std::make_shared<request_context>(request_context{std::move(job), std::move(route)});
  if (ctx->route.kind != route_kind::create_runners) return forward(self, deps, ctx, {});
  std::string body = std::move(ctx->job.request.body);
  self->request(deps.validator, validation_timeout, validate_atom::value, std::move(body))
      .then(
          [self, deps, ctx](runner_validation& verdict) {
            if (!verdict.ok) return ctx->answer(error_reply(400, verdict.message));
            forward(self, deps, ctx, std::move(verdict.canonical_body));
          },
          [ctx](caf::error& err) { ctx->answer(reply_for_actor_error(err)); });
}

}  // namespace gw
