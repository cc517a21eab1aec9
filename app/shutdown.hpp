// Graceful shutdown: on SIGTERM or SIGINT stop accepting at once, let requests in flight finish for up
// to the grace period, then stop the I/O threads.
#pragma once
#include <chrono>

namespace gw {
class http_server;
class io_pool;
void arm_graceful_shutdown(io_pool& pool, http_server& server, std::chrono::milliseconds grace);
}  // namespace gw
