// One client connection: read a request, hand it off, write the reply, repeat; close on error,
// timeout or shutdown. Replies come back from actor threads through deliver().
#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "http/server_shared.hpp"
#include "messages/reply_sink.hpp"

namespace gw {

class session : public reply_sink, public std::enable_shared_from_this<session> {
 public:
  session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<server_shared> shared);
  ~session() override;

  void start();
  void deliver(http_reply reply) override;
  void close_if_idle();  // from the server, on shutdown

 private:
  enum class phase { reading, processing, writing, closed };

  void do_read();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_read(boost::beast::error_code ec);
  void reject_unreadable(boost::beast::error_code ec);
  void dispatch();
  void respond(http_reply reply, bool close_after);
  void on_write(bool close_after, boost::beast::error_code ec);
  void close();
  void log_request(unsigned status) const;

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  std::shared_ptr<server_shared> shared_;
  std::string client_address_;
  bool client_is_loopback_ = false;

  phase phase_ = phase::reading;
  bool counted_in_flight_ = false;
  std::string method_;
  std::string path_;
  std::string origin_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_request_ = false;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace gw
