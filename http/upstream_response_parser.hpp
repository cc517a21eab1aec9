// The orchestrator's answer as the gateway needs it: the status and the body, nothing else. Beast's
// basic_parser still frames the message (Content-Length, chunked, Connection) and knows keep_alive(); the
// header fields themselves are not stored, which saves an allocation per field on every forwarded request.
#pragma once
#include <boost/beast/http/basic_parser.hpp>

#include <string>

namespace gw {

class upstream_response_parser : public boost::beast::http::basic_parser<false> {
 public:
  unsigned status() const { return status_; }
  std::string& body() { return body_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override {
    status_ = static_cast<unsigned>(code);
  }
  void on_field_impl(boost::beast::http::field, string_view, string_view, error_code&) override {}
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    // The body limit has already refused anything larger than the parser accepts.
    if (length) body_.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(string_view data, error_code&) override {
    body_.append(data.data(), data.size());
    return data.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code&) override {
    body_.append(data.data(), data.size());
    return data.size();
  }
  void on_finish_impl(error_code&) override {}

  unsigned status_ = 0;
  std::string body_;
};

}  // namespace gw
