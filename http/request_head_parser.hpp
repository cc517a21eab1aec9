// The client's request as the gateway needs it: method, target, version, the few header fields it reads,
// and the body. Beast's basic_parser still frames the message (limits, Content-Length, chunked,
// keep-alive); the fields go into strings the connection keeps from one request to the next, so a
// keep-alive request's head costs no allocation (Beast's field container allocates one node per field).
#pragma once
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/basic_parser.hpp>

#include <cstdint>
#include <string>

namespace gw {

struct request_head {
  boost::beast::http::verb method = boost::beast::http::verb::unknown;
  std::string method_text;
  std::string target;
  unsigned version = 11;
  // The first occurrence of each field, as Beast's fields().find() would give it.
  std::string origin, request_id, authorization, content_type, preflight_method, preflight_headers, expect;
  std::string traceparent, tracestate, idempotency_key;
  std::string github_event, github_delivery, hub_signature;  // X-GitHub-Event, -Delivery, X-Hub-Signature-256
  bool hub_signature_repeated = false;     // more than one X-Hub-Signature-256: none is believed
  std::string forwarded, x_forwarded_for;  // every field of each, joined by commas (as one list)
  bool has_idempotency_key = false;
  bool idempotency_key_repeated = false;  // more than one Idempotency-Key field: which one was meant?
  unsigned transfer_encoding_fields = 0;
  unsigned content_length_fields = 0;
  bool content_length_list = false;      // a Content-Length holding a comma-separated list
  bool unknown_transfer_coding = false;  // a Transfer-Encoding other than exactly "chunked"
  unsigned host_fields = 0;
  unsigned field_count = 0;  // every field of the head
  std::string body;

  // Ready for the next request; a string grown by an unusual request does not stay large on a connection
  // that then idles (thousands of them must stay cheap).
  void clear();
};

class request_head_parser : public boost::beast::http::basic_parser<true> {
 public:
  explicit request_head_parser(request_head& head) : head_(head) { head_.clear(); }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;
  using field = boost::beast::http::field;

  void on_request_impl(boost::beast::http::verb method, string_view method_text, string_view target,
                       int version, error_code&) override;
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(field name, string_view name_text, string_view value, error_code&) override;
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    // The body limit has already refused anything larger.
    if (length) head_.body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(string_view data, error_code&) override {
    head_.body.append(data.data(), data.size());
    return data.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code&) override {
    head_.body.append(data.data(), data.size());
    return data.size();
  }
  void on_finish_impl(error_code&) override {}

  request_head& head_;
  unsigned seen_ = 0;  // which of the kept fields have appeared
};

}  // namespace gw
