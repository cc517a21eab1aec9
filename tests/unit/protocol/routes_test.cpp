#include <catch2/catch.hpp>

#include "core/protocol/routes.hpp"
#include "core/protocol/runner_id.hpp"

using gw::match_route;
using gw::route_kind;

TEST_CASE("the eight routes") {
  CHECK(match_route("GET", "/healthz").kind == route_kind::healthz);
  CHECK(match_route("GET", "/health").kind == route_kind::health);
  CHECK(match_route("GET", "/api/v1/health").kind == route_kind::health);
  CHECK(match_route("GET", "/api/v1/runners").kind == route_kind::list_runners);
  CHECK(match_route("GET", "/api/v1/runners?x=1").kind == route_kind::list_runners);
  CHECK(match_route("POST", "/api/v1/runners").kind == route_kind::create_runners);
  CHECK(match_route("POST", "/api/v1/runners/cleanup").kind == route_kind::cleanup_runners);
  auto status = match_route("GET", "/api/v1/runners/runner-abc123");
  CHECK(status.kind == route_kind::runner_status);
  CHECK(status.runner_id == "runner-abc123");
  auto destroy = match_route("DELETE", "/api/v1/runners/runner-abc123");
  CHECK(destroy.kind == route_kind::destroy_runner);
  CHECK(destroy.runner_id == "runner-abc123");
}

TEST_CASE("wrong methods get 405 with the allowed ones") {
  auto m = match_route("PUT", "/api/v1/runners");
  CHECK(m.kind == route_kind::method_not_allowed);
  CHECK(m.allow == "GET, HEAD, POST");
  CHECK(match_route("POST", "/healthz").allow == "GET, HEAD");
  CHECK(match_route("DELETE", "/api/v1/health").kind == route_kind::method_not_allowed);
  CHECK(match_route("POST", "/api/v1/runners/abc").allow == "GET, HEAD, DELETE");
  CHECK(match_route("PUT", "/api/v1/runners/cleanup").allow == "GET, HEAD, DELETE, POST");
}

TEST_CASE("HEAD takes the GET route wherever there is one (RFC 9110 9.3.2)") {
  CHECK(match_route("HEAD", "/healthz").kind == route_kind::healthz);
  CHECK(match_route("HEAD", "/api/v1/runners").kind == route_kind::list_runners);
  CHECK(match_route("HEAD", "/api/v1/runners/runner-1").kind == route_kind::runner_status);
  CHECK(match_route("HEAD", "/metrics").kind == route_kind::metrics);
  CHECK(match_route("HEAD", "/docs").kind == route_kind::docs_page);
  CHECK(match_route("HEAD", "/nope").kind == route_kind::not_found);
}

TEST_CASE("an absolute-form target is routed on its path (RFC 9112 3.2.2)") {
  CHECK(match_route("GET", "http://gateway.example/api/v1/runners").kind == route_kind::list_runners);
  CHECK(match_route("GET", "HTTP://gateway.example:8080/api/v1/runners?x=1").kind ==
        route_kind::list_runners);
  CHECK(match_route("GET", "https://g/api/v1/runners/runner-1").runner_id == "runner-1");
  CHECK(match_route("GET", "http://gateway.example").kind == route_kind::not_found);  // path "/"
  CHECK(match_route("GET", "http://gateway.example?x=/api/v1/runners").kind == route_kind::not_found);
  CHECK(gw::target_path("http://h/healthz?probe=1") == "/healthz");
  CHECK(gw::target_path("ftp://h/healthz") == "ftp://h/healthz");  // not a scheme we serve: unknown path
  CHECK(match_route("GET", "http://h/api/v1/runners/..%2Fconfig").kind == route_kind::bad_runner_id);
}

TEST_CASE("unknown paths are 404") {
  for (const char* p : {"/", "/api", "/api/v1", "/api/v1/runner", "//api/v1/runners", "/API/V1/RUNNERS",
                        "/api/v1/foo/../runners", "/config/info", "http://x/", "ftp://x/api/v1/runners", "*"})
    CHECK(match_route("GET", p).kind == route_kind::not_found);
}

TEST_CASE("hostile runner ids are never forwarded") {
  for (const char* p :
       {"/api/v1/runners/", "/api/v1/runners/a%2Fdebug", "/api/v1/runners/a%2fdebug", "/api/v1/runners/..",
        "/api/v1/runners/%2E%2E", "/api/v1/runners/.", "/api/v1/runners/x/debug",
        "/api/v1/runners/x/../../config/info", "/api/v1/runners/a%252Fb", "/api/v1/runners/a%5Cb",
        "/api/v1/runners/a\\b", "/api/v1/runners/%C0%AE%C0%AE", "/api/v1/runners/a%00", "/api/v1/runners/a%",
        "/api/v1/runners/a%G1", "/api/v1/runners/-x", "/api/v1/runners/.x", "/api/v1/runners/a b",
        "/api/v1/runners/x;debug"}) {
    INFO(p);
    CHECK(match_route("GET", p).kind == route_kind::bad_runner_id);
    CHECK(match_route("DELETE", p).kind == route_kind::bad_runner_id);
  }
  std::string long_id(129, 'a');
  CHECK(match_route("GET", "/api/v1/runners/" + long_id).kind == route_kind::bad_runner_id);
  CHECK(match_route("GET", "/api/v1/runners/" + long_id.substr(1)).kind == route_kind::runner_status);
}

TEST_CASE("percent-encoded safe characters decode once") {
  auto m = match_route("GET", "/api/v1/runners/runner%2Dabc");
  CHECK(m.kind == route_kind::runner_status);
  CHECK(m.runner_id == "runner-abc");
  CHECK(gw::percent_decode("%41%62") == std::optional<std::string>("Ab"));
  CHECK_FALSE(gw::percent_decode("%4").has_value());
}

TEST_CASE("other methods on cleanup treat it as a runner id, as the reference does") {
  CHECK(match_route("GET", "/api/v1/runners/cleanup").kind == route_kind::runner_status);
  CHECK(match_route("DELETE", "/api/v1/runners/cleanup").kind == route_kind::destroy_runner);
}

TEST_CASE("health paths are the three probes") {
  for (const char* p : {"/healthz", "/health", "/api/v1/health"})
    CHECK(gw::is_health_family(gw::path_family_of(p)));
  for (const char* p : {"/api/v1/runners", "/healthz/", "/api/v1/healthz", ""})
    CHECK_FALSE(gw::is_health_family(gw::path_family_of(p)));
}
