#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <regex>

#include "core/protocol/envelope.hpp"
#include "core/text/json_text.hpp"
#include "runtime/wall_clock.hpp"

TEST_CASE("timestamps are UTC with milliseconds and Z") {
  std::regex shape(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  CHECK(std::regex_match(gw::utc_timestamp(), shape));
}

TEST_CASE("success and error envelopes have the four fields") {
  rapidjson::Document d;
  auto ok = gw::success_envelope("[1,2]", "Listados 2 runners activos");
  d.Parse(ok.c_str());
  REQUIRE(d.IsObject());
  CHECK(d.MemberCount() == 4);
  CHECK(std::string(d["status"].GetString()) == "success");
  CHECK(d["data"].IsArray());
  CHECK(std::string(d["message"].GetString()) == "Listados 2 runners activos");
  CHECK(d["timestamp"].IsString());

  auto err = gw::error_reply(400, "Campo obligatorio faltante: scope");
  CHECK(err.status == 400);
  d.Parse(err.body.c_str());
  CHECK(std::string(d["status"].GetString()) == "error");
  CHECK(d["data"].IsNull());
  CHECK(std::string(d["message"].GetString()) == "Campo obligatorio faltante: scope");
}

TEST_CASE("messages are escaped") {
  rapidjson::Document d;
  const std::string tricky("a\"b\\c\n\x01\0z", 9);
  auto text = gw::error_envelope(tricky);
  d.Parse(text.c_str());
  REQUIRE(d.IsObject());
  CHECK(std::string(d["message"].GetString(), d["message"].GetStringLength()) == tricky);
}

TEST_CASE("every ASCII byte, and UTF-8, survives escaping into a JSON string") {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  all += "é ñ €";
  std::string text;
  gw::append_json_string(text, all);
  CHECK(text.find('\n') == std::string::npos);
  CHECK(text.find("\\u001f") != std::string::npos);
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  REQUIRE(d.IsString());
  CHECK(std::string(d.GetString(), d.GetStringLength()) == all);
}

TEST_CASE("a NUL byte ends nothing: text holding one is not JSON (found by fuzzing)") {
  rapidjson::Document d;
  const std::string tail_nul("{}\t\0\0garbage", 13);
  CHECK_FALSE(gw::parse_untrusted_json(d, tail_nul));
  CHECK_FALSE(gw::scan_untrusted_json(tail_nul).valid);
  CHECK(gw::parse_untrusted_json(d, R"({"a":"\u0000"})"));
}

TEST_CASE("no byte before the JSON value is skipped, BOM fragments included (found by fuzzing)") {
  rapidjson::Document d;
  for (const char* text : {"\xbb{}", "\xef{}", "\xbf[]", "\xef\xbb\xbf{}"}) {
    CHECK_FALSE(gw::parse_untrusted_json(d, text));
    CHECK_FALSE(gw::scan_untrusted_json(text).valid);
  }
}
