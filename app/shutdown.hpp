// Graceful shutdown: on SIGTERM or SIGINT stop accepting at once, let requests in flight finish for up
// to the grace period, then stop the I/O loop.
#pragma once
#include <chrono>

namespace boost::asio {
class io_context;
}

namespace gw {
class http_server;
void arm_graceful_shutdown(boost::asio::io_context& ioc, http_server& server,
                           std::chrono::milliseconds grace);
}  // namespace gw
