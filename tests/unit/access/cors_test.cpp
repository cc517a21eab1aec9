#include <catch2/catch.hpp>

#include <algorithm>

#include "core/access/cors.hpp"

#include "reply_headers.hpp"

using namespace gw;

TEST_CASE("wildcard echoes the origin with credentials and Vary") {
  auto policy = parse_cors_origins("*");
  http_reply r;
  add_cors_headers(policy, "https://ci.example.com", r);
  CHECK(header(r, "Access-Control-Allow-Origin") == "https://ci.example.com");
  CHECK(header(r, "Access-Control-Allow-Credentials") == "true");
  CHECK(header(r, "Vary") == "Origin");
}

TEST_CASE("a list allows only its origins") {
  auto policy = parse_cors_origins(" https://a.example , https://b.example/ ");
  CHECK_FALSE(policy.any_origin);
  CHECK(policy.origins.size() == 2);
  CHECK(origin_allowed(policy, "https://a.example"));
  CHECK(origin_allowed(policy, "https://b.example"));
  CHECK_FALSE(origin_allowed(policy, "https://c.example"));
  http_reply r;
  add_cors_headers(policy, "https://c.example", r);
  CHECK(r.headers.empty());
}

TEST_CASE("no origin, no CORS headers; header-breaking origins are refused") {
  auto policy = parse_cors_origins("*");
  http_reply r;
  add_cors_headers(policy, "", r);
  CHECK(r.headers.empty());
  CHECK_FALSE(origin_allowed(policy, "https://x\r\nSet-Cookie: a=b"));
}

TEST_CASE("preflight") {
  auto policy = parse_cors_origins("https://a.example");
  CHECK(is_preflight("OPTIONS", "https://a.example", "POST"));
  CHECK_FALSE(is_preflight("OPTIONS", "https://a.example", ""));
  CHECK_FALSE(is_preflight("GET", "https://a.example", "POST"));
  auto ok = answer_preflight(policy, "https://a.example", "POST", "content-type, x-custom");
  CHECK(ok.status == 200);
  CHECK(header(ok, "Access-Control-Allow-Methods") == "GET, POST, PUT, DELETE");
  CHECK(header(ok, "Access-Control-Allow-Headers") == "content-type, x-custom");
  // The origin's headers come from add_cors_headers alone, once (a doubled Allow-Origin breaks browsers).
  CHECK(header(ok, "Access-Control-Allow-Origin") == "<none>");
  add_cors_headers(policy, "https://a.example", ok);
  CHECK(std::count_if(ok.headers.begin(), ok.headers.end(),
                      [](auto& h) { return h.first == "Access-Control-Allow-Origin"; }) == 1);
  CHECK(header(ok, "Access-Control-Allow-Origin") == "https://a.example");
  auto bad_origin = answer_preflight(policy, "https://evil.example", "POST", "");
  CHECK(bad_origin.status == 400);
  CHECK(bad_origin.headers.empty());
  CHECK(answer_preflight(policy, "https://a.example", "PATCH", "").status == 400);
}
