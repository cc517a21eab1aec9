// What the HTTP server is told: its limits and deadlines, and where each I/O thread's requests go.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>

#include "core/access/client_address.hpp"
#include "messages/http_exchange.hpp"

namespace boost::asio {
class io_context;
}

namespace gw {

struct server_settings {
  std::size_t max_body_bytes = 65536;
  std::size_t max_webhook_body_bytes = 65536;  // POST /webhooks/github's (WEBHOOK_MAX_BODY_BYTES when on)
  std::size_t max_pending_answer_bytes = 64u << 20;  // answers waiting for slow readers, all connections
  std::size_t max_header_bytes = 8192;
  std::size_t max_header_fields = 100;
  std::size_t max_url_bytes = 2048;
  std::chrono::milliseconds idle_timeout{60000};  // waiting for the next request on a kept-alive connection
  std::chrono::milliseconds read_timeout{10000};  // reading one whole request once its first byte came
  std::chrono::milliseconds write_timeout{30000};
  // Longest wait for the answer to a request once it is in (the request's whole life, plus slack).
  std::chrono::milliseconds answer_timeout{100000};
  std::size_t max_connections = 16384;
  std::size_t max_connections_per_client = 0;  // one address's share of them; 0: no limit (per peer)
  trusted_proxy_set trusted;                   // whose Forwarded / X-Forwarded-For names the client
};

// Runs on the I/O thread that read the request; false when nobody takes it (shutting down).
using dispatch_fn = std::function<bool(http_exchange)>;

struct worker_binding {
  boost::asio::io_context* context;
  dispatch_fn dispatch;
};

}  // namespace gw
