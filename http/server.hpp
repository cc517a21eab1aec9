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

#include "http/server_settings.hpp"

namespace boost::asio {
class io_context;
}

namespace gw {

struct connection_registry;

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
  std::shared_ptr<connection_registry> registry_;
  std::shared_ptr<void> listener_, metrics_listener_;
  std::vector<worker_binding> workers_;
};

}  // namespace gw
