#include "http/session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <limits>

#include "core/protocol/request_id.hpp"
#include "core/protocol/routes.hpp"
#include "core/protocol/trace_context.hpp"
#include "core/text/log_text.hpp"
#include "http/framing_rules.hpp"
#include "http/header_tokens.hpp"
#include "http/parse_buffered.hpp"
#include "telemetry/exposition.hpp"
#include "telemetry/metrics.hpp"

namespace gw {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {
// First read of a request; the buffer grows if the request is larger (up to the head and body limits,
// which the parser enforces as the bytes arrive).
constexpr std::size_t idle_read_bytes = 1024;
constexpr std::size_t more_read_bytes = 16384;
counter_metric slow_readers_dropped{
    "gha_gateway_slow_readers_dropped_total",
    "Connections closed because their unread answer would have taken the answers waiting for slow readers "
    "past MAX_PENDING_ANSWER_BYTES"};

// How long a connection refused for saturation may take to send its request.
constexpr std::chrono::milliseconds refusal_read_timeout{1000};
}  // namespace

session::session(socket_type&& socket, deadline_service& deadlines,
                 std::shared_ptr<connection_registry> shared, const dispatch_fn& dispatch)
    : socket_(std::move(socket)),
      deadline_(
          deadlines, [](void* self) { static_cast<session*>(self)->close(); }, this),
      registry_(std::move(shared)),
      dispatch_(dispatch) {
  beast::error_code ec;
  // Replies are written straight away when the socket takes them (nearly always): no operation to queue.
  socket_.non_blocking(true, ec);
  auto endpoint = socket_.remote_endpoint(ec);
  if (!ec) {
    auto address = endpoint.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) address = address.to_v6().to_v4();
    client_ip_ = address.to_string();
    client_address_ = address_with_port(client_ip_, address.is_v6(), endpoint.port());
    client_is_loopback_ = address.is_loopback();
  }
  ++registry_->connections;
}

session::~session() {
  release_pending_bytes();
  if (counted_) --registry_->connections;
  std::lock_guard<std::mutex> lock(registry_->sessions_mutex);
  registry_->sessions.erase(this);
  if (holds_client_slot_) {
    auto it = registry_->connections_per_client.find(client_ip_);
    if (it != registry_->connections_per_client.end() && --it->second == 0)
      registry_->connections_per_client.erase(it);
  }
}

void session::serve_refusal_only() {
  refusal_only_ = true;
  if (counted_) --registry_->connections;
  counted_ = false;
}

std::chrono::milliseconds session::read_timeout() const {
  return refusal_only_ ? std::min(registry_->settings.read_timeout, refusal_read_timeout)
                       : registry_->settings.read_timeout;
}

bool session::take_client_slot() {
  auto limit = registry_->settings.max_connections_per_client;
  if (limit == 0 || client_ip_.empty()) return true;
  std::lock_guard<std::mutex> lock(registry_->sessions_mutex);
  auto& held = registry_->connections_per_client[client_ip_];
  if (held >= limit) return false;
  ++held;
  holds_client_slot_ = true;
  return true;
}

void session::start() {
  {
    std::lock_guard<std::mutex> lock(registry_->sessions_mutex);
    registry_->sessions.emplace(this, weak_from_this());
  }
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

// Between requests the connection may idle for the keep-alive timeout; once the first byte of a request
// arrives, the whole request must arrive within the read timeout (slow or stalled clients are cut off). A
// new connection gets no keep-alive grace: its first request must arrive within the read timeout (a
// connection that never says anything is not allowed to hold a slot for a minute).
void session::do_read() {
  if (registry_->draining) return close();
  phase_ = phase::reading;
  method_ = {};
  path_ = {};
  family_ = path_family::other;
  origin_ = {};
  parser_.emplace(head_);
  // The body limit is applied once the head is read (on_header), so a refused Content-Length is answered
  // knowing the request's head (its id, method and path). Not boost::none: Beast 1.74 compares the
  // Content-Length with the optional limit, and any length compares greater than none.
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  parser_->header_limit(static_cast<std::uint32_t>(registry_->settings.max_header_bytes));
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  // An idle connection keeps only a small buffer (thousands of them must stay cheap, S6); a buffer that is
  // already that small is kept, so a keep-alive request costs no allocation.
  if (buffer_.capacity() > idle_read_bytes) buffer_.shrink_to_fit();
  // After a reply written at once, the idle time counts from the reply (no second clock read).
  auto idle_from =
      replied_at_ == std::chrono::steady_clock::time_point() ? std::chrono::steady_clock::now() : replied_at_;
  replied_at_ = {};
  deadline_.expires_at(idle_from + (answered_any_ ? registry_->settings.idle_timeout : read_timeout()));
  socket_.async_read_some(buffer_.prepare(idle_read_bytes),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            if (ec) return self->reject_unreadable(ec);
                            self->buffer_.commit(n);
                            self->read_header();
                          });
}

// One deadline for the whole request, counted from its first byte (slow senders cannot stretch it).
void session::read_header() {
  started_ = std::chrono::steady_clock::now();
  read_in_pieces_ = false;
  deadline_.expires_at(started_ + read_timeout());
  continue_header();
}

// Usually the whole head came with the first read and is parsed in place; otherwise more is read.
void session::continue_header() {
  // Beast joins a folded line into the field before it; a proxy in front may not. The head is still
  // whole at the start of the buffer: the parser takes none of it before it has all of it.
  auto pending = buffer_.data();
  if (has_obsolete_line_folding({static_cast<const char*>(pending.data()), pending.size()}))
    return refuse(session_refusal::folded_header);
  beast::error_code ec;
  if (!parse_buffered(*parser_, buffer_, true, ec)) return on_header(ec);
  if (parser_->is_header_done()) return on_header({});
  read_more(false);
}

void session::read_more(bool body) {
  read_in_pieces_ = true;
  socket_.async_read_some(buffer_.prepare(more_read_bytes),
                          [self = shared_from_this(), body](beast::error_code ec, std::size_t n) {
                            if (ec) return body ? self->reject_unreadable(ec) : self->on_header(ec);
                            self->buffer_.commit(n);
                            body ? self->read_body() : self->continue_header();
                          });
}

void session::on_header(beast::error_code ec) {
  // A head that was read whole is known even when it is refused (e.g. 413 on its Content-Length): the
  // answer then still carries the client's request id and the log line its method and path.
  if (parser_->is_header_done()) capture_head();
  if (refusal_only_ && (!ec || parser_->is_header_done())) return refuse(session_refusal::saturated);
  if (ec) return reject_unreadable(ec);
  if (metrics_only_ && family_ != path_family::metrics && !is_health_family(family_))
    return refuse(session_refusal::not_on_metrics_port);
  if (probes_only_ && !is_health_family(family_)) return refuse(session_refusal::saturated);
  // Framing a proxy in front could read differently is refused (request smuggling).
  if (auto refusal = framing_refusal(head_, parser_->chunked(), registry_->settings.max_header_fields))
    return refuse(*refusal);
  if (head_.target.size() > registry_->settings.max_url_bytes) return refuse(session_refusal::url_too_long);
  auto body_limit = family_ == path_family::github_webhook ? registry_->settings.max_webhook_body_bytes
                                                           : registry_->settings.max_body_bytes;
  if (auto length = parser_->content_length(); length && *length > body_limit)
    return refuse(session_refusal::body_too_large);
  parser_->body_limit(body_limit);
  if (beast::iequals(head_.expect, "100-continue") && !parser_->is_done()) {
    static const std::string continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
    return net::async_write(socket_, net::buffer(continue_line),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->read_body();
                            });
  }
  read_body();
}

void session::capture_head() {
  method_ = head_.method_text;
  path_ = target_path(head_.target);
  family_ = path_family_of(path_);
  origin_ = head_.origin;
  version_ = head_.version;
  keep_alive_ = parser_->keep_alive();
  head_request_ = head_.method == http::verb::head;
  assign_request_id(request_id_, head_.request_id);
  bool continued = assign_trace(trace_id_, trace_flags_, head_.traceparent);
  tracestate_ = continued && is_acceptable_tracestate(head_.tracestate) ? std::string_view(head_.tracestate)
                                                                        : std::string_view();
}

void session::read_body() {
  beast::error_code ec;
  if (!parser_->is_done() && !parse_buffered(*parser_, buffer_, false, ec)) return reject_unreadable(ec);
  if (parser_->is_done()) return on_read({});
  read_more(true);
}

void session::on_read(beast::error_code ec) {
  if (ec) return reject_unreadable(ec);
  dispatch();
}

void session::reject_unreadable(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::operation_aborted || ec == net::error::connection_reset || ec == net::error::eof ||
      phase_ == phase::closed || (ec == http::error::partial_message))
    return close();
  if (ec == http::error::body_limit) return refuse(session_refusal::body_too_large);
  if (ec == http::error::header_limit) return refuse(session_refusal::header_too_large);
  if (!socket_.is_open()) return close();
  refuse(session_refusal::malformed);
}

// A request this session cannot take is still answered by its front actor (CORS, log line, metrics), and
// the connection closes after it.
void session::refuse(session_refusal refusal) {
  if (method_.empty()) method_ = "-";
  if (request_id_.empty()) request_id_ = new_request_id();
  if (trace_id_.empty()) assign_trace(trace_id_, trace_flags_, {});
  keep_alive_ = false;
  hand_off(refusal);
}

void session::dispatch() {
  hand_off(std::nullopt);
}

void session::hand_off(std::optional<session_refusal> refusal) {
  phase_ = phase::processing;
  incoming_request in;
  in.method = method_;
  in.target = head_.target;
  in.path = path_;
  in.family = family_;
  in.body = head_.body;
  in.origin = origin_;
  in.preflight_method = head_.preflight_method;
  in.preflight_headers = head_.preflight_headers;
  in.authorization = head_.authorization;
  in.content_type = head_.content_type;
  if (registry_->settings.trusted.empty()) {
    in.client_ip = client_ip_;
    in.client_address = client_address_;
  } else {
    request_client_ip_ =
        client_address_of(client_ip_, head_.forwarded, head_.x_forwarded_for, registry_->settings.trusted);
    in.client_ip = request_client_ip_;
    in.client_address = request_client_ip_ == client_ip_ ? std::string_view(client_address_)
                                                         : std::string_view(request_client_ip_);
  }
  in.client_is_loopback = client_is_loopback_;
  in.request_id = request_id_;
  in.trace_id = trace_id_;
  in.trace_flags = trace_flags_;
  in.tracestate = tracestate_;
  in.idempotency_key = head_.idempotency_key;
  in.has_idempotency_key = head_.has_idempotency_key;
  in.idempotency_key_repeated = head_.idempotency_key_repeated;
  in.via_metrics_port = metrics_only_;
  in.github_event = head_.github_event;
  in.github_delivery = head_.github_delivery;
  in.hub_signature = head_.hub_signature;
  in.hub_signature_repeated = head_.hub_signature_repeated;
  in.started_at = started_;
  // A request read in one go arrived when its head was parsed; one that came in pieces, just now.
  in.arrived_at = read_in_pieces_ ? std::chrono::steady_clock::now() : started_;
  ++registry_->in_flight;
  counted_in_flight_ = true;
  // A reply still to come (from the orchestrator) is not cut by the read deadline, only by the answer
  // deadline: past it something failed to answer, and the connection closes.
  deadline_.expires_at(in.arrived_at + registry_->settings.answer_timeout);
  if (!dispatch_(http_exchange{std::move(in), shared_from_this(), refusal})) close();
}

void session::deliver(http_reply reply) {
  // Inline when called on the session's own I/O thread (the usual case), queued from any other.
  net::dispatch(socket_.get_executor(), [self = shared_from_this(), r = std::move(reply)]() mutable {
    if (self->phase_ != phase::processing) return;
    self->respond(std::move(r), false);
  });
}

void session::respond(http_reply reply, bool close_after) {
  phase_ = phase::writing;
  // The request is answered: a client that does not read the answer holds its connection (and, up to
  // MAX_ORCHESTRATOR_ANSWER_BYTES, the memory) until the write deadline, not a MAX_REQUESTS_IN_FLIGHT slot.
  release_in_flight();
  close_after = close_after || !keep_alive_ || registry_->draining;
  // The head is written by hand: one string and the body, sent together.
  auto& head = response_head_;
  head.clear();
  head += version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(reply.status);
  head += ' ';
  auto reason = http::obsolete_reason(static_cast<http::status>(reply.status));
  head.append(reason.data(), reason.size());
  head += "\r\nServer: gha-gateway\r\nContent-Type: ";
  head += reply.content_type;
  head += "\r\nContent-Length: ";
  head += std::to_string(reply.shared_body ? reply.shared_body->size() : reply.body.size());
  head += "\r\nX-Request-ID: ";
  head += request_id_;
  head += "\r\n";
  for (const auto& [name, value] : reply.headers) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (close_after)
    head += "Connection: close\r\n";
  else if (version_ == 10)
    head += "Connection: keep-alive\r\n";
  head += "\r\n";
  response_body_ = std::move(reply.body);
  shared_body_ = std::move(reply.shared_body);
  const std::string& body = shared_body_ ? *shared_body_ : response_body_;
  replied_at_ = std::chrono::steady_clock::now();
  answered_any_ = true;
  std::array<net::const_buffer, 2> buffers{net::buffer(response_head_),
                                           head_request_ ? net::const_buffer() : net::buffer(body)};
  // The socket is non-blocking: this sends what the kernel takes now and never waits.
  beast::error_code ec;
  auto sent = socket_.write_some(buffers, ec);
  if (!ec && sent == beast::buffer_bytes(buffers)) return on_write(close_after, {}, true);
  if (ec && ec != net::error::would_block && ec != net::error::try_again)
    return on_write(close_after, ec, true);
  // A slow reader: the rest goes out asynchronously, under the write deadline, if the budget every slow
  // reader shares holds its answer; else the connection goes at once (the answer was made; it is not read).
  beast::buffers_suffix<std::array<net::const_buffer, 2>> rest(buffers);
  rest.consume(sent);
  // What the connection pins is the whole answer (head and body), however much the kernel took.
  auto pinned = response_head_.size() + body.size();
  auto held = registry_->pending_answer_bytes.fetch_add(pinned) + pinned;
  pending_bytes_ = pinned;
  if (held > registry_->settings.max_pending_answer_bytes) {
    slow_readers_dropped.add();
    return on_write(true, net::error::no_buffer_space, true);
  }
  deadline_.expires_after(registry_->settings.write_timeout);
  net::async_write(socket_, rest,
                   [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                     self->on_write(close_after, ec, false);
                   });
}

void session::release_in_flight() {
  if (counted_in_flight_) {
    counted_in_flight_ = false;
    --registry_->in_flight;
  }
}

void session::release_pending_bytes() {
  if (pending_bytes_ == 0) return;
  registry_->pending_answer_bytes.fetch_sub(pending_bytes_);
  pending_bytes_ = 0;
}

void session::on_write(bool close_after, beast::error_code ec, bool completed_inline) {
  release_in_flight();
  release_pending_bytes();
  shared_body_.reset();
  request_id_.clear();
  trace_id_.clear();
  tracestate_ = {};
  if (!completed_inline) replied_at_ = {};
  if (ec || close_after) return close();
  // After a reply written here, the next read starts from a fresh handler, queued behind the connections
  // already ready: Asio tries every read at once, and this way it more often finds the client's next
  // request instead of an empty socket (measured on S3: 3 % less CPU per request, 2-5 % more requests/s).
  if (completed_inline)
    return net::post(socket_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  do_read();
}

void session::close_if_idle() {
  net::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->phase_ != phase::reading) return;
    // Bytes already here are a request in flight: it is served (with Connection: close), not dropped.
    beast::error_code ec;
    if (self->buffer_.size() > 0 || self->socket_.available(ec) > 0) return;
    self->close();
  });
}

void session::close() {
  if (phase_ == phase::closed) return;
  phase_ = phase::closed;
  deadline_.expires_never();
  beast::error_code ec;
  socket_.shutdown(net::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

}  // namespace gw
