// Graceful shutdown: on SIGTERM or SIGINT stop accepting at once, let requests in flight finish for up
// to the grace period, then call `finished` (once; a second signal calls it at once).
#pragma once
#include <chrono>
#include <functional>

namespace boost::asio {
class io_context;
}

namespace gw {
class http_server;
void arm_graceful_shutdown(boost::asio::io_context& signals_on, http_server& server,
                           std::chrono::milliseconds grace, std::function<void()> finished);
}  // namespace gw
