#include "actors/client_answer.hpp"

#include "telemetry/access_log.hpp"

namespace gw {

void answer_client(const http_exchange& exchange, http_reply reply, const cors_policy& cors,
                   std::chrono::steady_clock::time_point now, std::string_view key_name) {
  add_cors_headers(cors, exchange.request.origin, reply);
  record_answer(exchange.request, reply.status, now, key_name);
  exchange.reply->deliver(std::move(reply));
}

}  // namespace gw
