#include <catch2/catch.hpp>

#include <string>

#include "core/text/json_text.hpp"

namespace {
bool valid(const std::string& text) {
  return gw::scan_untrusted_json(text).valid;
}
}  // namespace

TEST_CASE("the scanner follows the JSON grammar for numbers, literals and separators") {
  for (const char* ok : {"0", "-0", "12", "-1.5", "1e5", "1E+5", "2.5e-3", "true", "false", "null", "\"\"",
                         " [ ] ", "{ }", "[1, 2 ,3]", "{\"a\" : 1, \"b\":[{}]}", "\t\r\n1\n"}) {
    INFO(ok);
    CHECK(valid(ok));
  }
  for (const char* bad : {"",
                          " ",
                          "01",
                          "-",
                          "1.",
                          ".5",
                          "1e",
                          "+1",
                          "1e+",
                          "tru",
                          "nul",
                          "True",
                          "[1 2]",
                          "[,1]",
                          "{\"a\"}",
                          "{\"a\":}",
                          "{1:2}",
                          "{\"a\":1,}",
                          "[1]]",
                          "[",
                          "{",
                          "\"abc",
                          "[1] [2]",
                          "'a'",
                          "NaN",
                          "Infinity",
                          "\x0c"
                          "1"}) {
    INFO(bad);
    CHECK_FALSE(valid(bad));
  }
}

TEST_CASE("the scanner checks escapes and UTF-16 surrogate pairs as RapidJSON does") {
  CHECK(valid(R"(["\"\\\/\b\f\n\r\t"])"));
  CHECK(valid(R"(["\u00e9\u00E9"])"));
  CHECK(valid(R"(["\ud83d\ude00"])"));
  CHECK(valid(R"(["\udc00"])"));  // a lone low surrogate: escaped text the grammar allows
  CHECK_FALSE(valid(R"(["\ud83d"])"));
  CHECK_FALSE(valid(R"(["\ud83d\u0041"])"));
  CHECK_FALSE(valid(R"(["\x41"])"));
  CHECK_FALSE(valid(R"(["\u12G4"])"));
  CHECK_FALSE(valid(R"(["\u12"])"));
  CHECK_FALSE(valid("[\"a\nb\"]"));  // a raw control character
}

TEST_CASE("the scanner accepts well-formed UTF-8 only") {
  CHECK(valid("[\"caf\xc3\xa9\"]"));
  CHECK(valid("[\"\xe2\x82\xac\"]"));
  CHECK(valid("[\"\xf0\x9f\x98\x80\"]"));
  CHECK(valid("[\"\xf4\x8f\xbf\xbf\"]"));        // U+10FFFF
  CHECK_FALSE(valid("[\"\xc0\xaf\"]"));          // overlong '/'
  CHECK_FALSE(valid("[\"\xe0\x80\xaf\"]"));      // overlong
  CHECK_FALSE(valid("[\"\xed\xa0\x80\"]"));      // encoded surrogate
  CHECK_FALSE(valid("[\"\xf4\x90\x80\x80\"]"));  // above U+10FFFF
  CHECK_FALSE(valid("[\"\xf8\x88\x80\x80\x80\"]"));
  CHECK_FALSE(valid("[\"\xc3\"]"));  // cut short by the quote
  CHECK_FALSE(valid("[\"\xe2\x82\"]"));
  CHECK_FALSE(valid("[\"\x80\"]"));      // a lone continuation byte
  CHECK_FALSE(valid("\xef\xbb\xbf[]"));  // a BOM is not JSON text
}

TEST_CASE("the scanner counts top-level members of objects and elements of arrays") {
  auto list = gw::scan_untrusted_json(R"([[1,2],{"a":[3]},[],{},"s",-1,true])");
  CHECK(list.valid);
  CHECK(list.is_array);
  CHECK(list.top_level_count == 7);
  auto object = gw::scan_untrusted_json(R"({"a":{"b":1,"c":2},"d":[1,2,3],"e":{}})");
  CHECK(object.valid);
  CHECK(object.is_object);
  CHECK(object.top_level_count == 3);
  auto scalar = gw::scan_untrusted_json("42");
  CHECK(scalar.valid);
  CHECK_FALSE(scalar.is_array);
  CHECK_FALSE(scalar.is_object);
  CHECK(gw::scan_untrusted_json("{}").top_level_count == 0);
}

TEST_CASE("the scanner caps nesting at 32 levels, objects and arrays alike") {
  CHECK(valid(std::string(32, '[') + std::string(32, ']')));
  CHECK_FALSE(valid(std::string(33, '[') + std::string(33, ']')));
  CHECK_FALSE(valid(std::string(100000, '[')));
  CHECK(valid(R"(["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["])"));  // brackets inside a string do not nest
  std::string deep_ok, deep_bad;
  for (int i = 0; i < 31; ++i) deep_ok += "{\"k\":";
  deep_ok += "[]";
  for (int i = 0; i < 31; ++i) deep_ok += "}";
  CHECK(valid(deep_ok));
  for (int i = 0; i < 32; ++i) deep_bad += "{\"k\":";
  deep_bad += "[]";
  for (int i = 0; i < 32; ++i) deep_bad += "}";
  CHECK_FALSE(valid(deep_bad));
}

TEST_CASE("numbers beyond a double's range are JSON text: the scanner passes them as written") {
  // RapidJSON refuses these (kParseErrorNumberTooBig); the grammar does not, and the gateway splices the
  // bytes.
  CHECK(valid("[1e999]"));
  CHECK(valid("[" + std::string(400, '9') + "]"));
  CHECK(valid("{\"n\":-0.5e-400}"));
}

TEST_CASE("the eight-bytes-at-a-time string skip stops at every kind of special byte, wherever it falls") {
  for (std::size_t length = 0; length < 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      std::string plain(length, 'a');
      INFO("length " << length << ", special byte at " << at);
      CHECK(valid("\"" + plain + "\""));
      auto with = [&](const std::string& bytes) {
        auto s = plain;
        s.replace(at, 1, bytes);
        return "\"" + s + "\"";
      };
      CHECK_FALSE(valid(with(std::string(1, '\x1f'))));  // control character
      CHECK_FALSE(valid(with(std::string(1, '\0'))));
      CHECK_FALSE(valid(with("\x80")));            // a lone continuation byte
      CHECK(valid(with("\xc3\xa9")));              // é, well formed
      CHECK(valid(with("\\n")));                   // an escape
      CHECK_FALSE(valid(with("\\x")));             // a bad escape
      CHECK_FALSE(valid(with("\"")));              // the string ends early, then garbage
      CHECK(valid(with(std::string(1, '\x7f'))));  // DEL is allowed in JSON strings
      CHECK(valid(with(" ")));
    }
  }
}
