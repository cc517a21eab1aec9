// Small helpers for writing JSON text by hand and parsing untrusted JSON safely.
#pragma once
#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace gw {

// Appends `text` as a JSON string literal (quotes included), escaping as RFC 8259 requires.
void append_json_string(std::string& out, std::string_view text);

// Without the JSON white space around it.
std::string_view trim_json_space(std::string_view text);
// An object's member by name; null when `value` is no object or has none.
const rapidjson::Value* json_member(const rapidjson::Value& value, const char* name);
// A value written back as compact JSON text.
std::string json_text_of(const rapidjson::Value& value);

constexpr std::size_t max_json_depth = 32;

// Parses untrusted JSON into a tree: false unless scan_untrusted_json accepts the text and RapidJSON can
// hold it (it refuses numbers too large for a double).
bool parse_untrusted_json(rapidjson::Document& doc, std::string_view text);

// What a single validating pass over untrusted JSON tells, without building a DOM.
struct json_shape {
  bool valid = false;
  bool is_array = false;
  bool is_object = false;
  std::size_t top_level_count = 0;  // elements of the top-level array or members of the top-level object
};

// The gateway's rules for untrusted JSON text, in one pass without building anything
// (core/text/json_scanner.cpp): RFC 8259 grammar, well-formed UTF-8, no NUL or BOM, at most max_json_depth
// levels of nesting. Numbers too large for a double are JSON text and pass.
json_shape scan_untrusted_json(std::string_view text);

}  // namespace gw
