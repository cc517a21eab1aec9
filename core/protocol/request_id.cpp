#include "core/protocol/request_id.hpp"

#include <cstdint>

#include "runtime/random_bits.hpp"

namespace gw {

namespace {
bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == ':' || c == '-';
}
}  // namespace

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > max_request_id_bytes) return false;
  for (char c : id)
    if (!is_id_char(c)) return false;
  return true;
}

namespace {
void write_new_request_id(std::string& id) {
  std::uint64_t high = random_u64();
  std::uint64_t low = random_u64();
  high = (high & ~0xF000ULL) | 0x4000ULL;                // version 4
  low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // RFC 4122 variant
  static constexpr char hex[] = "0123456789abcdef";
  id.assign(36, '-');
  std::size_t pos = 0;
  auto put = [&](std::uint64_t value, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      id[pos++] = hex[(value >> (i * 4)) & 0xF];
    }
  };
  put(high, 16);
  put(low, 16);
}
}  // namespace

std::string new_request_id() {
  std::string id;
  write_new_request_id(id);
  return id;
}

void assign_request_id(std::string& out, std::string_view offered) {
  if (is_acceptable_request_id(offered))
    out.assign(offered.data(), offered.size());
  else
    write_new_request_id(out);
}

}  // namespace gw
