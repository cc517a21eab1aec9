// Every answer to a client leaves through here, from its front or request actor: the CORS headers (the
// one place that writes them, preflights included), the request's metrics and access log line, then its
// session.
#pragma once
#include <chrono>

#include "core/access/cors.hpp"
#include "core/protocol/http_reply.hpp"
#include "messages/http_exchange.hpp"

namespace gw {

void answer_client(const http_exchange& exchange, http_reply reply, const cors_policy& cors,
                   std::chrono::steady_clock::time_point now, std::string_view key_name = {});

}  // namespace gw
