#include "core/text/log_text.hpp"

namespace gw {

std::string sanitize_for_log(std::string_view text, std::size_t max_length) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() < max_length ? text.size() : max_length);
  for (char ch : text) {
    if (out.size() >= max_length) {
      out += "...";
      break;
    }
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F || c == '\\') {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string address_with_port(std::string_view ip, bool is_v6, unsigned short port) {
  std::string out;
  out.reserve(ip.size() + 8);
  if (is_v6) out += '[';
  out += ip;
  if (is_v6) out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

}  // namespace gw
