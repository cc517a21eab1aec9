#include "core/text/json_text.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

namespace gw {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  auto plain = [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c != '"' && c != '\\';
  };
  out.push_back('"');
  const char* p = text.data();
  const char* end = p + text.size();
  while (p != end) {
    // Runs that need no escaping are appended whole.
    const char* run = p;
    while (p != end && plain(*p)) ++p;
    out.append(run, static_cast<std::size_t>(p - run));
    if (p == end) break;
    auto c = static_cast<unsigned char>(*p++);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:  // the other control characters
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
    }
  }
  out.push_back('"');
}

bool parse_untrusted_json(rapidjson::Document& doc, std::string_view text) {
  // The rules (grammar, UTF-8, no NUL or BOM, nesting cap) are scan_untrusted_json's; RapidJSON only builds
  // the tree, from a bare MemoryStream (its EncodedInputStream would skip a leading EF/BB/BF). It may still
  // refuse a number too large for a double.
  if (!scan_untrusted_json(text).valid) return false;
  rapidjson::MemoryStream stream(text.data(), text.size());
  doc.ParseStream<rapidjson::kParseIterativeFlag, rapidjson::UTF8<>>(stream);
  return !doc.HasParseError();
}

}  // namespace gw
