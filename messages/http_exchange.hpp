// One client request as its session hands it to the front actor of its thread, with the handle its
// answer goes back through. The views in `request` point into the session, which keeps them unchanged
// until it has the answer; whoever answers must not touch them afterwards.
#pragma once
#include <memory>
#include <optional>

#include "core/protocol/http_reply.hpp"
#include "messages/incoming_request.hpp"
#include "messages/reply_sink.hpp"

namespace gw {

struct http_exchange {
  incoming_request request;
  std::shared_ptr<reply_sink> reply;
  // Set when the session already refused the request (malformed, too large): the front only sends it.
  std::optional<http_reply> refusal;
};

}  // namespace gw
