#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include "telemetry/log_fields.hpp"

TEST_CASE(
    "the text format appends the request's fields as key=value, skipping those already in the message") {
  const gw::log_field fields[] = {
      {"client", "127.0.0.1:5000"}, {"request_id", "abc-1"}, {"status", "200", true, true}};
  std::string tail;
  gw::append_text_fields(tail, {fields, 3});
  CHECK(tail == " client=127.0.0.1:5000 request_id=abc-1");
}

TEST_CASE("a JSON log line is one valid object with the fields as members") {
  const gw::log_field fields[] = {
      {"request_id", "abc-1"}, {"status", "503", true, true}, {"path", "/a\"b\\c"}};
  auto line = gw::json_log_line("2026-11-29T08:00:00.123Z", "WARNING", "api-gateway",
                                "line one\nline \"two\"", {fields, 3});
  CHECK(line.find('\n') == std::string::npos);
  rapidjson::Document doc;
  doc.Parse(line.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  REQUIRE(doc.IsObject());
  CHECK(std::string(doc["time"].GetString()) == "2026-11-29T08:00:00.123Z");
  CHECK(std::string(doc["level"].GetString()) == "WARNING");
  CHECK(std::string(doc["logger"].GetString()) == "api-gateway");
  CHECK(std::string(doc["message"].GetString()) == "line one\nline \"two\"");
  CHECK(std::string(doc["request_id"].GetString()) == "abc-1");
  CHECK(doc["status"].IsInt());
  CHECK(doc["status"].GetInt() == 503);
  CHECK(std::string(doc["path"].GetString()) == "/a\"b\\c");
}

TEST_CASE("log field scopes nest and restore what was there before") {
  CHECK(gw::current_log_fields().count == 0);
  const gw::log_field outer[] = {{"request_id", "outer"}};
  {
    gw::log_fields_scope a(outer);
    CHECK(gw::current_log_fields().fields[0].value == "outer");
    const gw::log_field inner[] = {{"request_id", "inner"}, {"client", "x"}};
    {
      gw::log_fields_scope b(inner);
      CHECK(gw::current_log_fields().count == 2);
      CHECK(gw::current_log_fields().fields[0].value == "inner");
    }
    CHECK(gw::current_log_fields().count == 1);
    CHECK(gw::current_log_fields().fields[0].value == "outer");
  }
  CHECK(gw::current_log_fields().count == 0);
}
