#include "core/protocol/session_refusal.hpp"

#include "core/protocol/envelope.hpp"

namespace gw {

http_reply reply_for(session_refusal refusal) {
  switch (refusal) {
    case session_refusal::malformed:
      return error_reply(400, messages::malformed_request);
    case session_refusal::folded_header:
      return error_reply(400, messages::folded_header);
    case session_refusal::host_required:
      return error_reply(400, messages::host_required);
    case session_refusal::not_on_metrics_port:
      return error_reply(404, messages::not_found);
    case session_refusal::body_too_large:
      return error_reply(413, messages::body_too_large);
    case session_refusal::url_too_long:
      return error_reply(414, messages::url_too_long);
    case session_refusal::header_too_large:
      return error_reply(431, messages::header_too_large);
    case session_refusal::transfer_coding:
      return error_reply(501, messages::transfer_coding_not_supported);
    case session_refusal::saturated: {
      auto reply = error_reply(503, messages::too_many_connections);
      reply.headers.emplace_back("Retry-After", "1");
      return reply;
    }
  }
  return error_reply(400, messages::malformed_request);
}

}  // namespace gw
