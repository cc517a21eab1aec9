// The gateway's HTTP/1.1 server: accepts connections, reads requests within limits, hands each
// complete request to `dispatch`, writes the reply it is given, and drains on shutdown.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/cors.hpp"
#include "messages/http_job.hpp"

namespace boost::asio {
class io_context;
}

namespace gw {

struct server_settings {
  std::size_t max_body_bytes = 65536;
  std::size_t max_header_bytes = 8192;
  std::chrono::milliseconds idle_timeout{60000};  // waiting for the next request on a kept-alive connection
  std::chrono::milliseconds read_timeout{30000};  // reading one whole request once it has started
  cors_policy cors;
};

using dispatch_fn = std::function<void(http_job)>;

struct server_shared;

class http_server {
 public:
  http_server(boost::asio::io_context& ioc, server_settings settings, dispatch_fn dispatch);
  ~http_server();

  // Binds and starts accepting; returns an error line on failure.
  std::string listen(const std::string& host, unsigned short port);

  // Stops accepting, closes idle connections, and lets busy ones finish their request.
  void begin_shutdown();

  // Drops the dispatch target; call once the I/O threads have stopped, before the actors go.
  void release_dispatch();

  std::size_t requests_in_flight() const;
  std::size_t open_connections() const;

 private:
  boost::asio::io_context& ioc_;
  std::shared_ptr<server_shared> shared_;
  std::shared_ptr<void> listener_;
};

}  // namespace gw
