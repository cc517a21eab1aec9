#include "http/upstream_client.hpp"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>
#include <vector>

#include "http/deadline_service.hpp"
#include "http/parse_buffered.hpp"
#include "http/upstream_response_parser.hpp"

namespace gw {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;
using socket_type = net::basic_stream_socket<tcp, net::io_context::executor_type>;

namespace {
constexpr std::size_t max_idle_connections = 512;
// Below the 5 s keep-alive timeout of the orchestrator's server (uvicorn), so we drop first.
constexpr auto max_idle_age = std::chrono::seconds(4);

// Room for a typical orchestrator answer in one read (Beast would otherwise read 512 bytes at a time).
constexpr std::size_t answer_read_bytes = 8192;

struct connection {
  explicit connection(net::io_context& ioc) : socket(ioc.get_executor()) {
    buffer.reserve(answer_read_bytes);
  }
  socket_type socket;
  beast::flat_buffer buffer;
  clock_type::time_point idle_since;
};

// A pooled socket the server has closed, or that holds bytes nobody asked for, is never reused, however
// briefly it idled: those bytes would be read as the next call's answer. One non-blocking peek per reuse.
bool still_usable(connection& c, clock_type::time_point now) {
  if (now - c.idle_since > max_idle_age) return false;
  char byte;
  auto n = ::recv(c.socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}
}  // namespace

// Lives on one I/O thread: no locking.
struct upstream_client::pool {
  pool(net::io_context& io, upstream_endpoint ep)
      : ioc(io), deadlines(net::use_service<deadline_service>(io)), endpoint(std::move(ep)) {
    std::string host =
        endpoint.host.find(':') != std::string::npos ? "[" + endpoint.host + "]" : endpoint.host;
    fixed_headers = "Host: " + host + ":" + std::to_string(endpoint.port) +
                    "\r\nUser-Agent: " + endpoint.user_agent + "\r\nAccept: application/json\r\n";
  }

  std::unique_ptr<connection> take_idle() {
    auto now = clock_type::now();
    while (!idle.empty()) {
      auto c = std::move(idle.back());
      idle.pop_back();
      if (still_usable(*c, now)) return c;
    }
    return nullptr;
  }

  void give_back(std::unique_ptr<connection> c) {
    if (idle.size() >= max_idle_connections) return;
    c->idle_since = clock_type::now();
    idle.push_back(std::move(c));
  }

  std::string wire_request(const upstream_call& call) const {
    std::string wire;
    // One allocation: the header lines below take at most 128 bytes besides their values.
    wire.reserve(call.target.size() + call.body.size() + fixed_headers.size() + call.request_id.size() +
                 call.traceparent.size() + call.tracestate.size() + endpoint.base_path.size() + 128);
    wire += call.method;
    wire += ' ';
    wire += endpoint.base_path;
    wire += call.target;
    wire += " HTTP/1.1\r\n";
    wire += fixed_headers;
    if (!call.request_id.empty()) {
      wire += "X-Request-ID: ";
      wire += call.request_id;
      wire += "\r\n";
    }
    if (!call.traceparent.empty()) {
      wire += "traceparent: ";
      wire += call.traceparent;
      wire += "\r\n";
    }
    if (!call.tracestate.empty()) {
      wire += "tracestate: ";
      wire += call.tracestate;
      wire += "\r\n";
    }
    if (!call.body.empty()) wire += "Content-Type: application/json\r\n";
    if (!call.body.empty() || call.method == "POST") {
      wire += "Content-Length: ";
      wire += std::to_string(call.body.size());
      wire += "\r\n";
    }
    wire += "\r\n";
    wire += call.body;
    return wire;
  }

  net::io_context& ioc;
  deadline_service& deadlines;
  upstream_endpoint endpoint;
  std::string fixed_headers;
  std::vector<std::unique_ptr<connection>> idle;
};

namespace {

class exchange_op : public std::enable_shared_from_this<exchange_op> {
 public:
  exchange_op(std::shared_ptr<upstream_client::pool> pool, upstream_call call,
              clock_type::time_point deadline, connection_use use, orchestrator_transport::callback done)
      : pool_(std::move(pool)),
        use_(use),
        deadline_at_(deadline),
        deadline_(
            pool_->deadlines, [](void* self) { static_cast<exchange_op*>(self)->expire(); }, this),
        done_(std::move(done)),
        wire_(pool_->wire_request(call)),
        head_request_(call.method == "HEAD"),
        call_(std::move(call)) {}

  void start() {
    deadline_.expires_at(deadline_at_);  // one deadline for the whole attempt: connect, write and read
    if (use_ == connection_use::pooled_or_new) conn_ = pool_->take_idle();
    if (!conn_) return connect();
    reused_ = true;
    write();
  }

 private:
  // The attempt's time is up: whatever is pending is cancelled and its handler reports the timeout.
  void expire() {
    timed_out_ = true;
    if (resolver_) resolver_->cancel();
    if (conn_) {
      beast::error_code ec;
      conn_->socket.close(ec);
    }
  }

  void connect() {
    reused_ = false;
    conn_ = std::make_unique<connection>(pool_->ioc);
    resolver_.emplace(pool_->ioc);
    resolver_->async_resolve(
        pool_->endpoint.host, std::to_string(pool_->endpoint.port),
        [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
          // Not connected (in time): the orchestrator never saw the request.
          if (ec || self->timed_out_) return self->finish({upstream_failure::not_sent, 0, {}});
          net::async_connect(self->conn_->socket, results,
                             [self](beast::error_code ec, const tcp::endpoint&) {
                               if (ec || self->timed_out_)
                                 return self->finish({upstream_failure::not_sent, 0, {}});
                               beast::error_code opt_ec;
                               self->conn_->socket.set_option(tcp::no_delay(true), opt_ec);
                               self->conn_->socket.non_blocking(true, opt_ec);
                               self->write();
                             });
        });
  }

  // The socket is non-blocking: the request usually goes out whole right here, with no operation queued.
  void write() {
    beast::error_code ec;
    auto sent = conn_->socket.write_some(net::buffer(wire_), ec);
    if (!ec && sent == wire_.size()) return read();
    if (ec && ec != net::error::would_block && ec != net::error::try_again)
      return finish({upstream_failure::not_sent, 0, {}, false, false, reused_});
    net::async_write(
        conn_->socket, net::buffer(wire_.data() + sent, wire_.size() - sent),
        [self = shared_from_this()](beast::error_code ec, std::size_t) {
          // A failed write never delivered a whole request, so the orchestrator cannot have
          // acted on it.
          if (self->timed_out_) return self->finish({upstream_failure::timeout, 0, {}});
          if (ec) return self->finish({upstream_failure::not_sent, 0, {}, false, false, self->reused_});
          self->read();
        });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(pool_->endpoint.max_answer_bytes);
    if (head_request_) parser_->skip(true);
    read_some();
  }

  void read_some() {
    conn_->socket.async_read_some(
        conn_->buffer.prepare(answer_read_bytes),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_bytes(ec, n); });
  }

  // The answer is parsed in place as its bytes arrive.
  void on_bytes(beast::error_code ec, std::size_t n) {
    if (timed_out_) return finish({upstream_failure::timeout, 0, {}});
    if (ec == net::error::eof && received_ > 0) return on_end_of_stream();
    if (ec) {
      bool closed_before_answer =
          received_ == 0 && (ec == net::error::eof || ec == net::error::connection_reset);
      return finish({upstream_failure::transport, 0, {}, false, false, reused_ && closed_before_answer});
    }
    received_ += n;
    conn_->buffer.commit(n);
    if (!parse_buffered(*parser_, conn_->buffer, false, ec)) {
      // Too long an answer is a bad answer, not a broken connection: 502, and no retry to fetch it again.
      if (ec == http::error::body_limit) return finish({upstream_failure::none, 0, {}});
      return finish({upstream_failure::transport, 0, {}});
    }
    if (parser_->is_done()) return complete(parser_->keep_alive());
    read_some();
  }

  // An answer framed by the end of the connection is complete there; any other is cut short.
  void on_end_of_stream() {
    beast::error_code ec;
    parser_->put_eof(ec);
    if (ec || !parser_->is_done()) return finish({upstream_failure::transport, 0, {}});
    complete(false);
  }

  void complete(bool reusable) {
    upstream_outcome outcome{upstream_failure::none, parser_->status(), std::move(parser_->body())};
    if (reusable && conn_->buffer.size() == 0) pool_->give_back(std::move(conn_));
    finish(std::move(outcome));
  }

  void finish(upstream_outcome outcome) {
    if (!done_) return;
    deadline_.expires_never();
    auto done = std::move(done_);
    done_ = nullptr;
    if (conn_) {
      beast::error_code ec;
      conn_->socket.close(ec);
    }
    done(std::move(outcome), std::move(call_));
  }

  std::shared_ptr<upstream_client::pool> pool_;
  connection_use use_;
  clock_type::time_point deadline_at_;
  deadline deadline_;
  orchestrator_transport::callback done_;
  std::string wire_;
  bool head_request_;
  upstream_call call_;  // handed back with the outcome
  std::unique_ptr<connection> conn_;
  std::optional<tcp::resolver> resolver_;
  std::optional<upstream_response_parser> parser_;
  bool reused_ = false;
  bool timed_out_ = false;
  std::size_t received_ = 0;  // bytes of the answer so far
};

}  // namespace

upstream_client::upstream_client(net::io_context& ioc, upstream_endpoint endpoint)
    : pool_(std::make_shared<pool>(ioc, std::move(endpoint))) {}

upstream_client::~upstream_client() = default;

void upstream_client::exchange(upstream_call call, clock_type::time_point deadline, connection_use use,
                               callback done) {
  std::make_shared<exchange_op>(pool_, std::move(call), deadline, use, std::move(done))->start();
}

}  // namespace gw
