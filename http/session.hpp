// One client connection, living on one I/O thread: read a request within its limits and deadlines, hand it
// to its thread's front actor, write the answer, repeat; close on error, timeout or shutdown. It knows bytes,
// framing and deadlines, no routes and no policy. Answers may come back from any thread through deliver().
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/protocol/http_reply.hpp"
#include "core/protocol/routes.hpp"
#include "http/connection_registry.hpp"
#include "http/deadline_service.hpp"
#include "http/request_head_parser.hpp"
#include "messages/reply_sink.hpp"

namespace gw {

class session : public reply_sink, public drainable_connection, public std::enable_shared_from_this<session> {
 public:
  using executor_type = boost::asio::io_context::executor_type;
  using socket_type = boost::asio::basic_stream_socket<boost::asio::ip::tcp, executor_type>;

  session(socket_type&& socket, deadline_service& deadlines, std::shared_ptr<connection_registry> shared,
          const dispatch_fn& dispatch);
  ~session() override;

  void start();
  // Admitted past MAX_CONNECTIONS (loopback reserve): health probes are served, anything else gets 503.
  void serve_probes_only() { probes_only_ = true; }
  // Over MAX_CONNECTIONS, or past its address's share: its request is read (within a second) and answered
  // 503 like any refusal, through its front actor (CORS, log line, metrics); then it closes. It is not
  // counted among the open connections, so the loopback reserve stays free for the probes.
  void serve_refusal_only();
  void serve_metrics_only() { metrics_only_ = true; }
  // Counts this connection against its client address's share; false when that share is full.
  bool take_client_slot();
  void deliver(http_reply reply) override;
  void close_if_idle() override;  // from the server, on shutdown

 private:
  void release_in_flight();
  std::chrono::milliseconds read_timeout() const;
  enum class phase { reading, processing, writing, closed };

  void do_read();
  void read_header();
  void continue_header();
  void on_header(boost::beast::error_code ec);
  void capture_head();
  void read_body();
  void read_more(bool body);
  void on_read(boost::beast::error_code ec);
  void reject_unreadable(boost::beast::error_code ec);
  void dispatch();
  void refuse(session_refusal refusal);
  void hand_off(std::optional<session_refusal> refusal);
  void respond(http_reply reply, bool close_after);
  void on_write(bool close_after, boost::beast::error_code ec, bool completed_inline);
  void close();

  socket_type socket_;
  deadline deadline_;  // idle, read or write time left; none while the orchestrator answers
  boost::beast::flat_buffer buffer_;
  request_head head_;
  std::optional<request_head_parser> parser_;  // one per request (Beast's parsers are single-use)
  std::shared_ptr<connection_registry> registry_;
  const dispatch_fn& dispatch_;  // in registry_, which this session keeps alive
  std::string client_ip_;        // the connection's peer
  std::string client_address_;
  std::string request_client_ip_;  // this request's client: the peer, or who a trusted proxy names
  bool client_is_loopback_ = false;
  bool probes_only_ = false;
  bool refusal_only_ = false;
  bool counted_ = true;            // among the registry's open connections
  bool metrics_only_ = false;      // METRICS_PORT's: /metrics and the probes
  std::size_t pending_bytes_ = 0;  // of the answer under way, counted in the server's budget
  void release_pending_bytes();
  bool holds_client_slot_ = false;

  phase phase_ = phase::reading;
  bool counted_in_flight_ = false;
  // Known once the request's head is (views into head_; the method is "-" for a head never read whole).
  std::string_view method_;
  std::string_view path_;
  path_family family_ = path_family::other;
  std::string_view origin_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_request_ = false;
  std::string request_id_;
  std::string trace_id_;
  std::string trace_flags_;
  std::string_view tracestate_;  // into head_
  std::chrono::steady_clock::time_point started_;
  bool read_in_pieces_ = false;
  bool answered_any_ = false;  // a connection's first request must start within the read timeout
  std::chrono::steady_clock::time_point replied_at_;  // the idle deadline after a reply counts from here
  std::string response_head_;
  std::string response_body_;
  std::shared_ptr<const std::string> shared_body_;
};

}  // namespace gw
