#include "app/shutdown.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <memory>
#include <utility>

#include "http/server.hpp"

namespace gw {

namespace net = boost::asio;

namespace {
struct drain {
  drain(net::io_context& io, http_server& s, std::chrono::milliseconds g, std::function<void()> f)
      : server(s), grace(g), finished(std::move(f)), signals(io, SIGTERM, SIGINT), timer(io) {}

  void finish() {
    if (!finished) return;
    timer.cancel();
    std::exchange(finished, nullptr)();
  }

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
        if (!ec) self->finish();
      });
    });
  }

  void poll(std::shared_ptr<drain> self) {
    bool drained = server.requests_in_flight() == 0 && server.open_connections() == 0;
    if (drained || std::chrono::steady_clock::now() >= deadline) {
      if (!drained)
        spdlog::warn("grace period over with {} request(s) still in flight", server.requests_in_flight());
      finish();
      return;
    }
    timer.expires_after(std::chrono::milliseconds(10));
    timer.async_wait([self](boost::system::error_code) { self->poll(self); });
  }

  http_server& server;
  std::chrono::milliseconds grace;
  std::function<void()> finished;
  net::signal_set signals;
  net::steady_timer timer;
  std::chrono::steady_clock::time_point deadline;
};
}  // namespace

void arm_graceful_shutdown(net::io_context& signals_on, http_server& server, std::chrono::milliseconds grace,
                           std::function<void()> finished) {
  auto d = std::make_shared<drain>(signals_on, server, grace, std::move(finished));
  d->wait_for_signal(d);
}

}  // namespace gw
