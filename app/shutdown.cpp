#include "app/shutdown.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <memory>

#include "http/io_pool.hpp"
#include "http/server.hpp"

namespace gw {

namespace net = boost::asio;

namespace {
struct drain {
  drain(io_pool& p, http_server& s, std::chrono::milliseconds g)
      : pool(p), server(s), grace(g), signals(p.context(0), SIGTERM, SIGINT), timer(p.context(0)) {}

  void wait_for_signal(std::shared_ptr<drain> self) {
    signals.async_wait([self](boost::system::error_code ec, int signo) {
      if (ec) return;
      spdlog::info("received {}, shutting down: no new connections, {} request(s) in flight, grace {} ms",
                   signo == SIGTERM ? "SIGTERM" : "SIGINT", self->server.requests_in_flight(),
                   self->grace.count());
      self->server.begin_shutdown();
      self->deadline = std::chrono::steady_clock::now() + self->grace;
      self->poll(self);
      // A second signal ends the wait at once.
      self->signals.async_wait([self](boost::system::error_code ec, int) {
        if (!ec) self->pool.stop();
      });
    });
  }

  void poll(std::shared_ptr<drain> self) {
    bool drained = server.requests_in_flight() == 0 && server.open_connections() == 0;
    if (drained || std::chrono::steady_clock::now() >= deadline) {
      if (!drained)
        spdlog::warn("grace period over with {} request(s) still in flight", server.requests_in_flight());
      pool.stop();
      return;
    }
    timer.expires_after(std::chrono::milliseconds(10));
    timer.async_wait([self](boost::system::error_code) { self->poll(self); });
  }

  io_pool& pool;
  http_server& server;
  std::chrono::milliseconds grace;
  net::signal_set signals;
  net::steady_timer timer;
  std::chrono::steady_clock::time_point deadline;
};
}  // namespace

void arm_graceful_shutdown(io_pool& pool, http_server& server, std::chrono::milliseconds grace) {
  auto d = std::make_shared<drain>(pool, server, grace);
  d->wait_for_signal(d);
}

}  // namespace gw
