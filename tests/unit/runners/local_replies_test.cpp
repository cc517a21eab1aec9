#include <catch2/catch.hpp>

#include "core/runners/local_replies.hpp"

#include "reply_headers.hpp"

using namespace gw;

TEST_CASE("local replies: healthz, 400, 404, 405 with Allow") {
  CHECK(local_reply(match_route("GET", "/healthz"), {}).status == 200);
  CHECK(local_reply(match_route("GET", "/api/v1/runners/a%2Fb"), {}).status == 400);
  CHECK(local_reply(match_route("GET", "/nope"), {}).status == 404);
  auto r = local_reply(match_route("PATCH", "/api/v1/runners"), {});
  CHECK(r.status == 405);
  CHECK(header(r, "Allow") == "GET, HEAD, POST");
}
