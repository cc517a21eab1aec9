#include "core/json_text.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <ctime>

namespace gw {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
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
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

std::size_t json_nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// RapidJSON reads a NUL byte as the end of the input, so "{}\0garbage" would pass as "{}". A raw NUL is
// never valid in JSON text (inside strings it must be escaped), so any text holding one is refused.
bool has_nul(std::string_view text) {
  return text.find('\0') != std::string_view::npos;
}

bool parse_untrusted_json(rapidjson::Document& doc, std::string_view text) {
  if (has_nul(text)) return false;
  if (json_nesting_depth(text, max_json_depth) > max_json_depth) return false;
  constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  // A bare MemoryStream: RapidJSON's EncodedInputStream silently skips any of the bytes EF, BB, BF at the
  // start (a lenient BOM check), and bytes we splice into an envelope must be exactly what was validated.
  rapidjson::MemoryStream stream(text.data(), text.size());
  doc.ParseStream<flags, rapidjson::UTF8<>>(stream);
  return !doc.HasParseError();
}

void append_utc_timestamp(std::string& out) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  // Formatting the date is the costly part; it changes once a second, so each thread keeps the last one.
  thread_local time_t cached_second = -1;
  thread_local char cached[24];
  if (now.tv_sec != cached_second) {
    std::tm parts{};
    gmtime_r(&now.tv_sec, &parts);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &parts);
    cached_second = now.tv_sec;
  }
  auto millis = static_cast<int>(now.tv_nsec / 1000000);
  char tail[5] = {'.', static_cast<char>('0' + millis / 100), static_cast<char>('0' + millis / 10 % 10),
                  static_cast<char>('0' + millis % 10), 'Z'};
  out.append(cached, 19);
  out.append(tail, sizeof tail);
}

std::string utc_timestamp() {
  std::string out;
  out.reserve(24);
  append_utc_timestamp(out);
  return out;
}

}  // namespace gw
