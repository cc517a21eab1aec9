#include <catch2/catch.hpp>

#include "http/framing_rules.hpp"
#include "http/header_tokens.hpp"

using namespace gw;

TEST_CASE("obsolete line folding is found in the head, not past it") {
  CHECK(has_obsolete_line_folding("GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n abc\r\n\r\n"));
  CHECK(has_obsolete_line_folding("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\t0\r\n\r\n"));
  CHECK_FALSE(has_obsolete_line_folding("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  // A body (or the next request) that starts with a space is not part of the head.
  CHECK_FALSE(has_obsolete_line_folding("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n a\n b"));
  CHECK_FALSE(has_obsolete_line_folding("GET / HTTP/1.1\r\nHost: x\r\n"));  // not all here yet
  CHECK_FALSE(has_obsolete_line_folding(""));
}

TEST_CASE("exactly one transfer coding is served: chunked") {
  for (const char* ok : {"chunked", "Chunked", " CHUNKED ", "\tchunked"}) CHECK(is_exactly_chunked(ok));
  for (const char* bad :
       {"gzip, chunked", "chunked, gzip", "chunked;q=1", "chunkedx", "", "gzip", "chunked,"})
    CHECK_FALSE(is_exactly_chunked(bad));
}

namespace {
request_head head_with(unsigned version, unsigned hosts) {
  request_head h;
  h.version = version;
  h.host_fields = hosts;
  h.field_count = hosts;
  return h;
}
}  // namespace

TEST_CASE("Host: exactly one in HTTP/1.1, at most one in HTTP/1.0") {
  CHECK_FALSE(framing_refusal(head_with(11, 1), false, 100));
  CHECK(reply_for(*framing_refusal(head_with(11, 0), false, 100)).status == 400);
  CHECK(reply_for(*framing_refusal(head_with(11, 2), false, 100)).status == 400);
  CHECK_FALSE(framing_refusal(head_with(10, 0), false, 100));
  CHECK(reply_for(*framing_refusal(head_with(10, 2), false, 100)).status == 400);
}

TEST_CASE("an unknown coding is 501, ambiguous framing 400, too many fields 431") {
  auto h = head_with(11, 1);
  h.transfer_encoding_fields = 1;
  CHECK_FALSE(framing_refusal(h, true, 100));
  h.unknown_transfer_coding = true;
  CHECK(reply_for(*framing_refusal(h, true, 100)).status == 501);
  h.unknown_transfer_coding = false;
  h.content_length_fields = 1;
  CHECK(reply_for(*framing_refusal(h, true, 100)).status == 400);
  auto many = head_with(11, 1);
  many.field_count = 101;
  CHECK(reply_for(*framing_refusal(many, false, 100)).status == 431);
  many.field_count = 100;
  CHECK_FALSE(framing_refusal(many, false, 100));
}

TEST_CASE("each refusal of a session has its status and the reference's text") {
  auto text_of = [](session_refusal r) { return reply_for(r).body; };
  CHECK(reply_for(session_refusal::malformed).status == 400);
  CHECK(text_of(session_refusal::malformed).find("Solicitud HTTP mal formada") != std::string::npos);
  CHECK(reply_for(session_refusal::folded_header).status == 400);
  CHECK(reply_for(session_refusal::host_required).status == 400);
  CHECK(reply_for(session_refusal::not_on_metrics_port).status == 404);
  CHECK(reply_for(session_refusal::body_too_large).status == 413);
  CHECK(text_of(session_refusal::body_too_large).find("Cuerpo de la solicitud demasiado grande") !=
        std::string::npos);
  CHECK(reply_for(session_refusal::url_too_long).status == 414);
  CHECK(reply_for(session_refusal::header_too_large).status == 431);
  CHECK(reply_for(session_refusal::transfer_coding).status == 501);
  auto saturated = reply_for(session_refusal::saturated);
  CHECK(saturated.status == 503);
  CHECK(saturated.body.find("Gateway saturado: demasiadas conexiones abiertas") != std::string::npos);
  REQUIRE(saturated.headers.size() == 1);
  CHECK(saturated.headers[0] == std::pair<std::string, std::string>("Retry-After", "1"));
}
