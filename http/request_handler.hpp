// What happens to a request once it is read, on its own I/O thread: CORS preflight, routing, local
// answers, validation, fail-fast, and the first attempt at the orchestrator on this thread's pool.
// A retryable failure is handed to the orchestrator-proxy actor, which owns backoff timers and the
// remaining attempts; everything else is answered here, without a thread hop.
#pragma once
#include <chrono>
#include <functional>
#include <memory>

#include <optional>
#include <string_view>

#include "core/api_keys.hpp"
#include "core/cors.hpp"
#include "core/docs_site.hpp"
#include "core/health_board.hpp"
#include "core/metrics.hpp"
#include "core/rate_limiter.hpp"
#include "core/retry_policy.hpp"
#include "http/upstream_client.hpp"
#include "messages/incoming_request.hpp"
#include "messages/reply_sink.hpp"
#include "messages/retry_job.hpp"

namespace gw {

struct forward_settings {
  retry_settings retry;
  std::chrono::milliseconds attempt_timeout{30000};
  std::chrono::milliseconds request_timeout{94000};  // a forwarded request's whole life
};

// What every I/O thread's handler shares: read-only after start-up, except the limiter's own locking.
struct handler_shared {
  cors_policy cors;
  api_keys keys;
  std::optional<rate_limiter> limiter;  // engaged at start-up; holds mutexes, so it is built in place
  forward_settings forwarding;
  docs_site docs;
  std::function<metrics_gauges()> gauges;  // read on a scrape of /metrics
};

using retry_handoff = std::function<void(retry_job)>;

class request_handler {
 public:
  request_handler(handler_shared& shared, const health_board& board, upstream_client& client,
                  retry_handoff handoff)
      : shared_(shared), board_(board), client_(client), handoff_(std::move(handoff)) {}

  void handle(incoming_request request, std::shared_ptr<reply_sink> sink);

 private:
  // An answer that stops the request before routing (401, 429), or nullopt to go on.
  std::optional<http_reply> access_denied(const incoming_request& request);
  http_reply operational_reply(route_kind kind, std::string_view path) const;

  handler_shared& shared_;
  const health_board& board_;
  upstream_client& client_;
  retry_handoff handoff_;
};

}  // namespace gw
