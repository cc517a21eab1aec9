// The one path of every answer to a client: CORS headers for an allowed origin (once), the request counted in
// /metrics, then the session's sink.
#include <catch2/catch.hpp>

#include "actor_harness.hpp"
#include "actors/client_answer.hpp"
#include "core/protocol/envelope.hpp"
#include "reply_headers.hpp"

using namespace gw;
using namespace gw::test;

namespace {
double scrape(const std::string& sample) {
  auto text = gateway_metrics().exposition({});
  auto at = text.find("\n" + sample + " ");
  return at == std::string::npos ? 0 : std::stod(text.substr(at + sample.size() + 2));
}
}  // namespace

TEST_CASE("client answer: CORS for an allowed origin, the request counted, the reply delivered") {
  auto sink = std::make_shared<recorded_sink>();
  client_request request{"GET", "/api/v1/runners"};
  request.origin = "https://ci.example";
  auto now = std::chrono::steady_clock::now();
  auto exchange = request.exchange(now, sink);
  auto cors = parse_cors_origins("https://ci.example");
  const std::string sample =
      R"(gha_gateway_requests_total{route="/api/v1/runners",method="GET",status="429"})";
  auto before = scrape(sample);
  answer_client(exchange, error_reply(429, messages::rate_limited), cors, now);
  REQUIRE(sink->replies.size() == 1);
  const auto& reply = sink->replies[0];
  CHECK(reply.status == 429);
  CHECK(header(reply, "Access-Control-Allow-Origin") == "https://ci.example");
  CHECK(scrape(sample) == before + 1);

  auto other = std::make_shared<recorded_sink>();
  request.origin = "https://elsewhere.example";
  answer_client(request.exchange(now, other), error_reply(429, messages::rate_limited), cors, now);
  REQUIRE(other->replies.size() == 1);
  CHECK(header(other->replies[0], "Access-Control-Allow-Origin") == "<none>");
  CHECK(scrape(sample) == before + 2);
}
