// The gateway's HTTP/1.1 server: one listener handing connections to the I/O threads in turn, requests
// read within limits and handed to their thread's dispatcher, replies written back, and a drain on
// shutdown.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/client_address.hpp"

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

struct server_shared;

class http_server {
 public:
  explicit http_server(server_settings settings);
  ~http_server();

  // Binds the listener and starts accepting for the workers; returns an error line on failure.
  std::string listen(const std::string& host, unsigned short port, std::vector<worker_binding> workers);
  // After listen(): a second port on the same workers that serves only /metrics (to anyone) and the
  // health probes; anything else there is 404.
  std::string listen_metrics(const std::string& host, unsigned short port);

  // Stops accepting, closes idle connections, and lets busy ones finish their request.
  void begin_shutdown();

  std::size_t requests_in_flight() const;
  const std::atomic<std::size_t>& in_flight_counter() const;
  std::size_t open_connections() const;
  std::size_t pending_answer_bytes() const;

 private:
  std::shared_ptr<server_shared> shared_;
  std::shared_ptr<void> listener_, metrics_listener_;
  std::vector<worker_binding> workers_;
};

}  // namespace gw
