#include "core/text/json_text.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

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

std::string_view trim_json_space(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

const rapidjson::Value* json_member(const rapidjson::Value& obj, const char* name) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string json_text_of(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace gw
