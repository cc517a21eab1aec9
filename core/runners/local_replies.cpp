#include "core/runners/local_replies.hpp"

#include "core/protocol/envelope.hpp"

namespace gw {

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

}  // namespace gw
