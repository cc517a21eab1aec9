#include <catch2/catch.hpp>

#include "core/protocol/media_type.hpp"

TEST_CASE("a create body is JSON when its Content-Type says so, in any case and with parameters") {
  for (const char* yes :
       {"application/json", "Application/JSON", "application/json; charset=utf-8",
        "application/json ;charset=utf-8", "application/vnd.api+json", "APPLICATION/PROBLEM+JSON"}) {
    INFO(yes);
    CHECK(gw::is_json_content_type(yes));
  }
  for (const char* no :
       {"", "application/", "application/xml", "text/json", "application/x-www-form-urlencoded",
        "application/+json", "application/jsonx", "json", "application/json5", "multipart/form-data"}) {
    INFO(no);
    CHECK_FALSE(gw::is_json_content_type(no));
  }
}
