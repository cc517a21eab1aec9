// One client request as its session hands it to the front actor of its thread, with the handle its
// answer goes back through. The views in `request` point into the session, which keeps them unchanged
// until it has the answer; whoever answers must not touch them afterwards.
#pragma once
#include <memory>
#include <optional>

#include "core/protocol/session_refusal.hpp"
#include "messages/incoming_request.hpp"
#include "messages/reply_sink.hpp"

namespace gw {

struct http_exchange {
  incoming_request request;
  std::shared_ptr<reply_sink> reply;
  // Set when the session refused the request (malformed, too large, saturated): the front answers it.
  std::optional<session_refusal> refusal;
};

}  // namespace gw
