#include <boost/asio/buffer.hpp>
#include <catch2/catch.hpp>

#include <string>

#include "http/parse_buffered.hpp"
#include "http/upstream_response_parser.hpp"

namespace {
// Feeds the text to the parser as the read loop does (gw::parse_buffered), in one or two reads.
bool parse(gw::upstream_response_parser& parser, const std::string& text, std::size_t split = 0) {
  boost::beast::flat_buffer buffer;
  boost::beast::error_code ec;
  for (const auto& piece : {text.substr(0, split ? split : text.size()), split ? text.substr(split) : ""}) {
    buffer.commit(boost::asio::buffer_copy(buffer.prepare(piece.size()), boost::asio::buffer(piece)));
    if (!gw::parse_buffered(parser, buffer, false, ec)) return false;
  }
  return parser.is_done();
}
}  // namespace

TEST_CASE("the orchestrator's answer is reduced to status and body, framing and keep-alive kept") {
  gw::upstream_response_parser plain;
  REQUIRE(
      parse(plain, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n[1,2,3]"));
  CHECK(plain.status() == 200);
  CHECK(plain.body() == "[1,2,3]");
  CHECK(plain.keep_alive());

  gw::upstream_response_parser chunked;
  REQUIRE(parse(
      chunked,
      "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"de\r\n8\r\ntail\":1}\r\n0\r\n\r\n",
      40));
  CHECK(chunked.status() == 404);
  CHECK(chunked.body() == "{\"detail\":1}");

  gw::upstream_response_parser closing;
  REQUIRE(
      parse(closing, "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"));
  CHECK(closing.status() == 503);
  CHECK_FALSE(closing.keep_alive());

  gw::upstream_response_parser limited;
  limited.body_limit(4);
  CHECK_FALSE(parse(limited, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"));
}
