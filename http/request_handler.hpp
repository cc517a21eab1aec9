// What happens to a request once it is read, on its own I/O thread: CORS preflight, routing, local
// answers, validation, fail-fast, and the first attempt at the orchestrator on this thread's pool.
// A retryable failure is handed to the orchestrator-proxy actor, which owns backoff timers and the
// remaining attempts; everything else is answered here, without a thread hop.
#pragma once
#include <chrono>
#include <functional>
#include <memory>

#include "core/cors.hpp"
#include "core/health_board.hpp"
#include "core/retry_policy.hpp"
#include "http/upstream_client.hpp"
#include "messages/incoming_request.hpp"
#include "messages/reply_sink.hpp"
#include "messages/retry_job.hpp"

namespace gw {

struct forward_settings {
  retry_settings retry;
  std::chrono::milliseconds attempt_timeout{30000};
};

using retry_handoff = std::function<void(retry_job)>;

class request_handler {
 public:
  request_handler(const cors_policy& cors, const health_board& board, upstream_client& client,
                  forward_settings settings, retry_handoff handoff)
      : cors_(cors), board_(board), client_(client), settings_(settings), handoff_(std::move(handoff)) {}

  void handle(incoming_request request, std::shared_ptr<reply_sink> sink);

 private:
  const cors_policy& cors_;
  const health_board& board_;
  upstream_client& client_;
  forward_settings settings_;
  retry_handoff handoff_;
};

}  // namespace gw
