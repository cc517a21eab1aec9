#include <boost/asio/buffer.hpp>
#include <catch2/catch.hpp>

#include <string>

#include "http/parse_buffered.hpp"
#include "http/request_head_parser.hpp"

namespace {
// As the session reads a request that came whole: the head, then the body (gw::parse_buffered).
bool parse(gw::request_head_parser& parser, const std::string& text) {
  boost::beast::flat_buffer buffer;
  buffer.commit(boost::asio::buffer_copy(buffer.prepare(text.size()), boost::asio::buffer(text)));
  boost::beast::error_code ec;
  if (!gw::parse_buffered(parser, buffer, true, ec) || !parser.is_header_done()) return false;
  return gw::parse_buffered(parser, buffer, false, ec) && parser.is_done();
}
}  // namespace

TEST_CASE("the request head keeps the method, target, version and the first of each field it reads") {
  gw::request_head head;
  gw::request_head_parser parser(head);
  REQUIRE(parse(parser,
                "POST /api/v1/runners?x=1 HTTP/1.1\r\nHost: gw\r\norigin: https://a.example\r\n"
                "Origin: https://b.example\r\nAUTHORIZATION: Bearer k1\r\nContent-Type: application/json\r\n"
                "x-request-id: abc-1\r\nX-Request-Id: abc-2\r\nAccess-Control-Request-Method: DELETE\r\n"
                "Access-Control-Request-Headers: content-type\r\nExpect: 100-continue\r\n"
                "Content-Length: 2\r\n\r\n{}"));
  CHECK(head.method == boost::beast::http::verb::post);
  CHECK(head.method_text == "POST");
  CHECK(head.target == "/api/v1/runners?x=1");
  CHECK(head.version == 11);
  CHECK(head.origin == "https://a.example");
  CHECK(head.authorization == "Bearer k1");
  CHECK(head.content_type == "application/json");
  CHECK(head.request_id == "abc-1");
  CHECK(head.preflight_method == "DELETE");
  CHECK(head.preflight_headers == "content-type");
  CHECK(head.expect == "100-continue");
  CHECK(head.content_length_fields == 1);
  CHECK(head.transfer_encoding_fields == 0);
  CHECK_FALSE(head.content_length_list);
  CHECK(head.body == "{}");
  CHECK(parser.keep_alive());
}

TEST_CASE("the request head counts the framing fields and reads chunked bodies") {
  gw::request_head head;
  gw::request_head_parser chunked(head);
  REQUIRE(parse(chunked,
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                "3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n"));
  CHECK(head.transfer_encoding_fields == 1);
  CHECK(chunked.chunked());
  CHECK(head.body == "{\"a\":1}");
  CHECK_FALSE(chunked.keep_alive());

  gw::request_head_parser both(head);  // a new request on the same head starts clean
  CHECK(head.body.empty());
  CHECK(head.transfer_encoding_fields == 0);
  boost::beast::error_code ec;
  std::string text = "GET / HTTP/1.0\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n";
  both.put(boost::asio::buffer(text), ec);
  CHECK(head.transfer_encoding_fields == 2);
  CHECK(head.version == 10);
}

TEST_CASE("a cleared head gives back strings grown by an unusual request") {
  gw::request_head head;
  head.authorization.assign(8000, 'k');
  head.body.assign(60000, 'b');
  head.target = "/short";
  head.clear();
  CHECK(head.authorization.empty());
  CHECK(head.authorization.capacity() < 1024);
  CHECK(head.body.capacity() < 1024);
  CHECK(head.target.empty());
}
