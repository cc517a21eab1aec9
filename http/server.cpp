#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <vector>

#include "http/listen_socket.hpp"
#include "http/server_shared.hpp"
#include "http/session.hpp"

namespace gw {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(net::io_context& ioc, std::shared_ptr<server_shared> shared)
      : ioc_(ioc),
        acceptor_(net::make_strand(ioc)),
        retry_timer_(acceptor_.get_executor()),
        shared_(std::move(shared)) {}

  std::string open(const std::string& host, unsigned short port) {
    return open_listening_socket(acceptor_, host, port);
  }

  void run() { do_accept(); }

  void stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ec;
      self->retry_timer_.cancel();
      self->acceptor_.close(ec);
    });
  }

 private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
                             if (!self->acceptor_.is_open() || self->shared_->draining) return;
                             if (ec) {
                               // Out of descriptors or a transient error: back off instead of spinning.
                               spdlog::warn("accept failed: {}", ec.message());
                               self->retry_timer_.expires_after(std::chrono::milliseconds(50));
                               self->retry_timer_.async_wait([self](boost::system::error_code) {
                                 if (self->acceptor_.is_open()) self->do_accept();
                               });
                               return;
                             }
                             boost::system::error_code opt_ec;
                             socket.set_option(tcp::no_delay(true), opt_ec);
                             std::make_shared<session>(std::move(socket), self->shared_)->start();
                             self->do_accept();
                           });
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  std::shared_ptr<server_shared> shared_;
};

}  // namespace

http_server::http_server(net::io_context& ioc, server_settings settings, dispatch_fn dispatch)
    : ioc_(ioc), shared_(std::make_shared<server_shared>()) {
  shared_->settings = std::move(settings);
  shared_->dispatch = std::move(dispatch);
}

http_server::~http_server() = default;

std::string http_server::listen(const std::string& host, unsigned short port) {
  auto l = std::make_shared<listener>(ioc_, shared_);
  if (auto err = l->open(host, port); !err.empty()) return err;
  l->run();
  listener_ = l;
  return {};
}

void http_server::begin_shutdown() {
  shared_->draining = true;
  if (listener_) std::static_pointer_cast<listener>(listener_)->stop();
  std::vector<std::shared_ptr<session>> live;
  {
    std::lock_guard<std::mutex> lock(shared_->sessions_mutex);
    for (auto& [ptr, weak] : shared_->sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->close_if_idle();
}

void http_server::release_dispatch() {
  shared_->dispatch = nullptr;
}

std::size_t http_server::requests_in_flight() const {
  return shared_->in_flight.load();
}

std::size_t http_server::open_connections() const {
  return shared_->open_connections();
}

}  // namespace gw
