#include <catch2/catch.hpp>

#include "core/protocol/routes.hpp"
#include "core/text/log_text.hpp"
#include "telemetry/access_log.hpp"

TEST_CASE("client text cannot forge or break a log line") {
  CHECK(gw::sanitize_for_log("/api/v1/runners") == "/api/v1/runners");
  CHECK(gw::sanitize_for_log("/x\r\n2026-01-01 00:00:00,000 - api-gateway - INFO - forged") ==
        "/x\\x0d\\x0a2026-01-01 00:00:00,000 - api-gateway - INFO - forged");
  CHECK(gw::sanitize_for_log(std::string("a\0b\x7f\xc3\xa9\\", 7)) == "a\\x00b\\x7f\\xc3\\xa9\\x5c");
  auto cut = gw::sanitize_for_log(std::string(1000, 'a'), 256);
  CHECK(cut.size() == 259);
  CHECK(cut.substr(256) == "...");
}

TEST_CASE("only loopback /health and /healthz probes are left out of the access log") {
  CHECK(gw::is_quiet_probe(gw::path_family_of("/health"), true));
  CHECK(gw::is_quiet_probe(gw::path_family_of("/healthz"), true));
  CHECK_FALSE(gw::is_quiet_probe(gw::path_family_of("/health"), false));
  CHECK_FALSE(gw::is_quiet_probe(gw::path_family_of("/api/v1/health"), true));
  CHECK_FALSE(gw::is_quiet_probe(gw::path_family_of("/api/v1/runners"), true));
}

TEST_CASE("client addresses: IPv6 in brackets, so the port stays apart") {
  CHECK(gw::address_with_port("10.0.0.7", false, 51234) == "10.0.0.7:51234");
  CHECK(gw::address_with_port("::1", true, 54321) == "[::1]:54321");
  CHECK(gw::address_with_port("2001:db8::7", true, 80) == "[2001:db8::7]:80");
}
