#include <catch2/catch.hpp>

#include "core/health_board.hpp"
#include "core/local_replies.hpp"

#include "reply_headers.hpp"

using namespace gw;

TEST_CASE("local replies: healthz, 400, 404, 405 with Allow") {
  CHECK(local_reply(match_route("GET", "/healthz"), {}).status == 200);
  CHECK(local_reply(match_route("GET", "/api/v1/runners/a%2Fb"), {}).status == 400);
  CHECK(local_reply(match_route("GET", "/nope"), {}).status == 404);
  auto r = local_reply(match_route("PATCH", "/api/v1/runners"), {});
  CHECK(r.status == 405);
  CHECK(header(r, "Allow") == "GET, POST");
}

TEST_CASE("the health board: fail-fast only once a poll found the orchestrator unreachable") {
  health_board board;
  CHECK_FALSE(board.orchestrator_down());
  CHECK(board.snapshot().orchestrator == "unknown");
  board.publish(evaluate_health({upstream_failure::not_sent, 0, {}}));
  CHECK(board.orchestrator_down());
  CHECK(local_reply(match_route("GET", "/health"), board.snapshot()).body.find("unreachable") !=
        std::string::npos);
  board.publish(evaluate_health({upstream_failure::none, 503, R"({"status":"degraded"})"}));
  CHECK_FALSE(board.orchestrator_down());
  board.publish(evaluate_health({upstream_failure::none, 200, R"({"success":true})"}));
  CHECK_FALSE(board.orchestrator_down());
  CHECK(board.snapshot().healthy());
}
