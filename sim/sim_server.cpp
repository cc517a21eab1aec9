#include "sim/sim_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>
#include <thread>

#include "core/text/json_text.hpp"
#include "http/listen_socket.hpp"

namespace sim {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

void hard_reset(tcp::socket& socket) {
  beast::error_code ec;
  socket.set_option(net::socket_base::linger(true, 0), ec);
  socket.close(ec);
}

class sim_session : public std::enable_shared_from_this<sim_session> {
 public:
  sim_session(tcp::socket&& socket, bool control, sim_app app)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), control_(control), app_(app) {}

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    request_ = {};
    buffer_.consume(0);
    parser_.emplace();
    parser_->body_limit(8 * 1024 * 1024);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->request_ = self->parser_->release();
                       self->control_ ? self->serve_control() : self->serve_api();
                     });
  }

  void serve_api() {
    std::string method(request_.method_string());
    std::string target(request_.target());
    std::string path = target.substr(0, target.find('?'));
    auto header = [&](http::field f) {
      auto it = request_.find(f);
      return it == request_.end() ? std::string() : std::string(it->value());
    };
    auto named = [&](const char* name) {
      auto it = request_.find(name);
      return it == request_.end() ? std::string() : std::string(it->value());
    };
    app_.store.log({method, target, request_.body(), header(http::field::user_agent),
                    header(http::field::content_type), named("X-Request-ID"), named("traceparent"),
                    named("tracestate")});
    auto fault = app_.faults.take(method, path);
    if (!fault) {
      // Real manners: blocking work inside the handler, as the real service does; with one API thread the
      // whole server stops answering meanwhile (connections are still accepted by the kernel).
      std::this_thread::sleep_for(app_.store.freeze_for(method, target, request_.body()));
      return respond(app_.store.handle(method, target, request_.body()));
    }
    switch (fault->kind) {
      case fault_kind::latency:
        timer_.expires_after(std::chrono::milliseconds(fault->latency_ms));
        timer_.async_wait([self = shared_from_this(), method, target](beast::error_code) {
          self->respond(self->app_.store.handle(method, target, self->request_.body()));
        });
        return;
      case fault_kind::hang:
        return wait_for_client_close();
      case fault_kind::reset_after_read:
      case fault_kind::reset_before_read:
        return hard_reset(stream_.socket());
      case fault_kind::status: {
        std::string body = "{\"detail\":\"" + fault->detail + "\"}";
        return respond({fault->status, body});
      }
      case fault_kind::bad_json:
        return respond({200, "esto no es JSON"});
      case fault_kind::large_body: {
        std::size_t size = static_cast<std::size_t>(std::max(fault->size, 4));
        return respond({200, "[\"" + std::string(size - 4, 'x') + "\"]"});
      }
      case fault_kind::status_word: {
        std::string body = "{\"status\":";
        gw::append_json_string(body, fault->detail);
        return respond({200, body + "}"});
      }
      case fault_kind::unsolicited:
        forge_after_ms_ = fault->latency_ms;
        return respond(app_.store.handle(method, target, request_.body()));
    }
  }

  void serve_control() {
    std::string method(request_.method_string());
    std::string target(request_.target());
    const std::string& body = request_.body();
    if (target == "/requests" && method == "GET") return respond({200, app_.store.log_json()});
    if (target == "/containers" && method == "GET") return respond({200, app_.store.containers_json()});
    if (target == "/requests" && method == "DELETE") {
      app_.store.clear_log();
      return respond({200, "{}"});
    }
    if (target == "/faults" && method == "POST") {
      std::string error;
      auto rule = parse_fault(body, error);
      if (!rule) return respond({400, "{\"detail\":\"" + error + "\"}"});
      app_.faults.add(*rule);
      return respond({200, "{}"});
    }
    if (target == "/faults" && method == "DELETE") {
      app_.faults.clear();
      return respond({200, "{}"});
    }
    if (target == "/forget-created" && method == "POST") {
      app_.store.forget_created();
      return respond({200, "{}"});
    }
    if (target == "/reset" && method == "POST") {
      app_.faults.clear();
      app_.store.reset();
      return respond({200, "{}"});
    }
    // POST /runners/{id}/status with the new status as the raw body, e.g. error
    const std::string prefix = "/runners/";
    if (method == "POST" && target.compare(0, prefix.size(), prefix) == 0) {
      auto rest = target.substr(prefix.size());
      auto slash = rest.find('/');
      if (slash != std::string::npos && rest.substr(slash) == "/status" &&
          app_.store.set_status(rest.substr(0, slash), body))
        return respond({200, "{}"});
    }
    respond({404, "{\"detail\":\"Not Found\"}"});
  }

  void respond(sim_response r) {
    response_ = {};
    response_.version(request_.version());
    response_.result(r.status);
    response_.set(http::field::server, "gha-orchestrator-sim");
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(request_.keep_alive());
    response_.body() = std::move(r.body);
    response_.prepare_payload();
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || !self->response_.keep_alive()) return self->close();
      if (self->forge_after_ms_ >= 0) return self->write_forged();
      self->read();
    });
  }

  // An answer nobody asked for, on the idle keep-alive connection; then reading goes on as usual.
  void write_forged() {
    timer_.expires_after(std::chrono::milliseconds(std::exchange(forge_after_ms_, -1)));
    timer_.async_wait([self = shared_from_this()](beast::error_code) {
      static const std::string forged =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n"
          "[{\"runner_id\":\"forged\"}]";
      net::async_write(self->stream_, net::buffer(forged), [self](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
      });
    });
    read();
  }

  void wait_for_client_close() {
    stream_.socket().async_wait(tcp::socket::wait_read,
                                [self = shared_from_this()](beast::error_code) { self->close(); });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  bool control_;
  sim_app app_;
  int forge_after_ms_ = -1;
};

class sim_listener : public std::enable_shared_from_this<sim_listener> {
 public:
  sim_listener(net::io_context& ioc, bool control, sim_app app)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), control_(control), app_(app) {}

  std::string open(const std::string& host, unsigned short port) {
    return gw::open_listening_socket(acceptor_, host, port);
  }

  void accept() {
    acceptor_.async_accept(
        net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
          if (!ec) {
            if (!self->control_ && self->app_.faults.take_reset_on_accept()) {
              hard_reset(s);
            } else {
              beast::error_code opt;
              s.set_option(tcp::no_delay(true), opt);
              std::make_shared<sim_session>(std::move(s), self->control_, self->app_)->start();
            }
          }
          self->accept();
        });
  }

 private:
  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  bool control_;
  sim_app app_;
};

}  // namespace

std::string start_listener(net::io_context& ioc, const std::string& host, unsigned short port, bool control,
                           sim_app app) {
  auto l = std::make_shared<sim_listener>(ioc, control, app);
  if (auto err = l->open(host, port); !err.empty()) return err;
  l->accept();
  return {};
}

}  // namespace sim
