#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "core/envelope.hpp"
#include "core/request_id.hpp"
#include "http/listen_socket.hpp"
#include "http/server_shared.hpp"
#include "http/session.hpp"

namespace gw {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using acceptor_type = net::basic_socket_acceptor<tcp, net::io_context::executor_type>;

namespace {

// Over MAX_CONNECTIONS: a short 503, then a lingering close (the client's request is read and dropped for
// up to a second) so the answer is not lost to a reset.
class refusal : public std::enable_shared_from_this<refusal> {
 public:
  explicit refusal(session::socket_type&& socket)
      : socket_(std::move(socket)), timer_(socket_.get_executor()) {
    auto body = error_envelope("Gateway saturado: demasiadas conexiones abiertas");
    answer_ =
        "HTTP/1.1 503 Service Unavailable\r\nServer: gha-gateway\r\nContent-Type: application/json\r\n"
        "X-Request-ID: " +
        new_request_id() +
        "\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;
  }

  void start() {
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
      boost::system::error_code ec;
      self->socket_.close(ec);
    });
    net::async_write(socket_, net::buffer(answer_),
                     [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                       if (ec) return self->finish();
                       self->socket_.shutdown(tcp::socket::shutdown_send, ec);
                       self->drain();
                     });
  }

 private:
  void drain() {
    socket_.async_read_some(net::buffer(scratch_),
                            [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                              if (ec) return self->finish();
                              self->drain();
                            });
  }

  void finish() {
    boost::system::error_code ec;
    timer_.cancel();
    socket_.close(ec);
  }

  session::socket_type socket_;
  net::steady_timer timer_;
  std::string answer_;
  char scratch_[1024];
};

class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(net::io_context& ioc, std::shared_ptr<server_shared> shared, dispatch_fn dispatch)
      : ioc_(ioc),
        acceptor_(ioc.get_executor()),
        retry_timer_(ioc),
        deadlines_(net::use_service<deadline_service>(ioc)),
        shared_(std::move(shared)),
        dispatch_(std::move(dispatch)) {}

  std::string open(const std::string& host, unsigned short port) {
    return open_listening_socket(acceptor_, host, port, true);
  }

  void run() { do_accept(); }

  void stop() {
    net::post(ioc_, [self = shared_from_this()] {
      boost::system::error_code ec;
      self->retry_timer_.cancel();
      self->acceptor_.close(ec);
    });
  }

 private:
  void do_accept() {
    acceptor_.async_accept([self = shared_from_this()](boost::system::error_code ec,
                                                       session::socket_type socket) {
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
      if (self->shared_->connections.load(std::memory_order_relaxed) >=
          self->shared_->settings.max_connections) {
        std::make_shared<refusal>(std::move(socket))->start();
        return self->do_accept();
      }
      boost::system::error_code opt_ec;
      socket.set_option(tcp::no_delay(true), opt_ec);
      std::make_shared<session>(std::move(socket), self->deadlines_, self->shared_, self->dispatch_)->start();
      self->do_accept();
    });
  }

  net::io_context& ioc_;
  acceptor_type acceptor_;
  net::steady_timer retry_timer_;
  deadline_service& deadlines_;
  std::shared_ptr<server_shared> shared_;
  dispatch_fn dispatch_;  // sessions hold a reference: the listener outlives them in the shutdown order
};

}  // namespace

http_server::http_server(server_settings settings) : shared_(std::make_shared<server_shared>()) {
  shared_->settings = std::move(settings);
}

http_server::~http_server() = default;

std::string http_server::listen(const std::string& host, unsigned short port,
                                std::vector<worker_binding> workers) {
  for (auto& w : workers) {
    auto l = std::make_shared<listener>(*w.context, shared_, std::move(w.dispatch));
    if (auto err = l->open(host, port); !err.empty()) return err;
    listeners_.push_back(l);
  }
  for (auto& l : listeners_) std::static_pointer_cast<listener>(l)->run();
  return {};
}

void http_server::begin_shutdown() {
  shared_->draining = true;
  for (auto& l : listeners_) std::static_pointer_cast<listener>(l)->stop();
  std::vector<std::shared_ptr<session>> live;
  {
    std::lock_guard<std::mutex> lock(shared_->sessions_mutex);
    for (auto& [ptr, weak] : shared_->sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->close_if_idle();
}

std::size_t http_server::requests_in_flight() const {
  return shared_->in_flight.load();
}

std::size_t http_server::open_connections() const {
  return shared_->open_connections();
}

}  // namespace gw
