#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "core/protocol/request_id.hpp"

TEST_CASE("a client's X-Request-ID is kept only when it is safe to echo, log and forward") {
  CHECK(gw::is_acceptable_request_id("7f3c2b1e-8d4a-4e6f-9b2c-1a2b3c4d5e6f"));
  CHECK(gw::is_acceptable_request_id("01HZX3J7Q8R9S0T1V2W3X4Y5Z6"));
  CHECK(gw::is_acceptable_request_id("trace:abc.def_1"));
  CHECK(gw::is_acceptable_request_id(std::string(128, 'a')));
  CHECK_FALSE(gw::is_acceptable_request_id(""));
  CHECK_FALSE(gw::is_acceptable_request_id(std::string(129, 'a')));
  CHECK_FALSE(gw::is_acceptable_request_id("abc def"));
  CHECK_FALSE(gw::is_acceptable_request_id("abc\r\nX-Evil: 1"));
  CHECK_FALSE(gw::is_acceptable_request_id("a\"b"));
  CHECK_FALSE(gw::is_acceptable_request_id("caf\xc3\xa9"));
  CHECK_FALSE(gw::is_acceptable_request_id(std::string("a\0b", 3)));

  std::string id = "left over from the last request";
  gw::assign_request_id(id, "client-id-1");
  CHECK(id == "client-id-1");
  gw::assign_request_id(id, "bad id");
  CHECK(id != "bad id");
  CHECK(gw::is_acceptable_request_id(id));
}

TEST_CASE("generated request ids are version-4 UUIDs and do not repeat") {
  const std::regex uuid4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) {
    auto id = gw::new_request_id();
    REQUIRE(std::regex_match(id, uuid4));
    seen.insert(id);
  }
  CHECK(seen.size() == 20000);
}
