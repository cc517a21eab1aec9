// libFuzzer target: the gateway's request-head parser against Beast's own request_parser (the oracle), fed
// the same bytes in the same two pieces. Both share Beast's framing, so they must agree on every error,
// on keep-alive, chunking and length, on the method, target, version and body, and the head must hold the
// first value of each field it keeps, the right counts of the framing fields, and what the framing rules
// read from them (unknown codings, Host fields, the number of fields).
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/framing_rules.hpp"
#include "http/header_tokens.hpp"
#include "http/parse_buffered.hpp"
#include "http/request_head_parser.hpp"

namespace http = boost::beast::http;

namespace {

// The session's loop (gw::parse_buffered) over two reads: in each, the head first, then the body. A read
// brings at least one byte, so an empty piece is no read.
template <class Parser>
boost::beast::error_code feed(Parser& parser, const std::string& text, std::size_t split) {
  parser.header_limit(1024);
  parser.body_limit(4096);
  boost::beast::flat_buffer buffer;
  boost::beast::error_code ec;
  for (const auto& piece : {text.substr(0, split), text.substr(split)}) {
    if (piece.empty()) continue;
    buffer.commit(boost::asio::buffer_copy(buffer.prepare(piece.size()), boost::asio::buffer(piece)));
    if (!parser.is_header_done() && !gw::parse_buffered(parser, buffer, true, ec)) return ec;
    if (parser.is_header_done() && !gw::parse_buffered(parser, buffer, false, ec)) return ec;
  }
  return ec;
}

std::string first(const http::request<http::string_body>& req, http::field name) {
  auto it = req.find(name);
  return it == req.end() ? std::string() : std::string(it->value());
}

std::string first(const http::request<http::string_body>& req, const char* name) {
  auto it = req.find(name);
  return it == req.end() ? std::string() : std::string(it->value());
}

void expect(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t split = text.empty() ? 0 : data[0] % (text.size() + 1);

  gw::request_head head;
  head.authorization = "left over from an earlier request";
  gw::request_head_parser ours(head);
  http::request_parser<http::string_body> oracle;
  auto our_ec = feed(ours, text, split);
  auto oracle_ec = feed(oracle, text, split);
  expect(our_ec == oracle_ec);
  expect(ours.is_header_done() == oracle.is_header_done());
  expect(ours.is_done() == oracle.is_done());
  if (!oracle.is_header_done()) return 0;

  const auto& req = oracle.get();
  expect(head.method == req.method());
  expect(head.method_text == std::string(req.method_string()));
  expect(head.target == std::string(req.target()));
  expect(head.version == req.version());
  expect(ours.keep_alive() == oracle.keep_alive());
  expect(ours.chunked() == oracle.chunked());
  expect(ours.content_length() == oracle.content_length());
  expect(head.origin == first(req, http::field::origin));
  expect(head.authorization == first(req, http::field::authorization));
  expect(head.content_type == first(req, http::field::content_type));
  expect(head.preflight_method == first(req, http::field::access_control_request_method));
  expect(head.preflight_headers == first(req, http::field::access_control_request_headers));
  expect(head.expect == first(req, http::field::expect));
  expect(head.request_id == first(req, "X-Request-ID"));
  expect(head.traceparent == first(req, "traceparent"));
  expect(head.tracestate == first(req, "tracestate"));
  expect(head.idempotency_key == first(req, "Idempotency-Key"));
  expect(head.has_idempotency_key == (req.count("Idempotency-Key") > 0));
  expect(head.idempotency_key_repeated == (req.count("Idempotency-Key") > 1));
  expect(head.transfer_encoding_fields == req.count(http::field::transfer_encoding));
  expect(head.content_length_fields == req.count(http::field::content_length));
  bool list = false, unknown_coding = false;
  unsigned fields = 0;
  for (const auto& f : req) {
    ++fields;
    if (f.name() == http::field::content_length && f.value().find(',') != boost::beast::string_view::npos)
      list = true;
    if (f.name() == http::field::transfer_encoding &&
        !gw::is_exactly_chunked(std::string_view(f.value().data(), f.value().size())))
      unknown_coding = true;
  }
  expect(head.content_length_list == list);
  expect(head.unknown_transfer_coding == unknown_coding);
  expect(head.host_fields == req.count(http::field::host));
  expect(head.field_count == fields);
  if (oracle.is_done()) expect(head.body == req.body());
  return 0;
}
