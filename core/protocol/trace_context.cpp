#include "core/protocol/trace_context.hpp"

#include <algorithm>
#include <vector>

#include "core/text/ascii_text.hpp"
#include "runtime/random_bits.hpp"

namespace gw {

namespace {
constexpr char hex_digits[] = "0123456789abcdef";

bool is_lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool all_zero(std::string_view s) {
  return s.find_first_not_of('0') == std::string_view::npos;
}

// 16 lower-hex digits at `out` (written in place: this runs for every request).
void write_hex(char* out, std::uint64_t value) {
  for (int i = 15; i >= 0; --i, value >>= 4) out[i] = hex_digits[value & 0xF];
}
}  // namespace

bool assign_trace(std::string& trace_id, std::string& flags, std::string_view header) {
  // version "-" trace-id (32) "-" parent-id (16) "-" flags (2)
  bool valid = header.size() >= 55 && header[2] == '-' && header[35] == '-' && header[52] == '-' &&
               is_lower_hex(header.substr(0, 2)) && header.substr(0, 2) != "ff" &&
               is_lower_hex(header.substr(3, 32)) && !all_zero(header.substr(3, 32)) &&
               is_lower_hex(header.substr(36, 16)) && !all_zero(header.substr(36, 16)) &&
               is_lower_hex(header.substr(53, 2)) &&
               (header.size() == 55 || (header.substr(0, 2) != "00" && header[55] == '-'));
  if (valid) {
    trace_id.assign(header.substr(3, 32));
    flags.assign(header.substr(53, 2));
    return true;
  }
  trace_id.resize(32);
  write_hex(trace_id.data(), random_u64());
  write_hex(trace_id.data() + 16, random_u64() | 1);  // never all zeros
  flags.assign("01", 2);
  return false;
}

std::string child_traceparent(std::string_view trace_id, std::string_view flags) {
  if (trace_id.size() != 32 || flags.size() != 2) return {};
  char out[55];
  out[0] = '0';
  out[1] = '0';
  out[2] = '-';
  trace_id.copy(out + 3, 32);
  out[35] = '-';
  write_hex(out + 36, random_u64() | 1);  // a span id is never all zeros
  out[52] = '-';
  flags.copy(out + 53, 2);
  return std::string(out, sizeof out);
}

std::string_view trace_id_of(std::string_view traceparent) {
  return traceparent.size() >= 35 ? traceparent.substr(3, 32) : std::string_view();
}

namespace {
bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' || c == '/';
}

// simple-key, or multi-tenant-key: tenant-id "@" system-id.
bool is_tracestate_key(std::string_view key) {
  auto at = key.find('@');
  auto all_key_chars = [](std::string_view s) { return std::all_of(s.begin(), s.end(), is_key_char); };
  if (at == std::string_view::npos)
    return !key.empty() && key.size() <= 256 && key[0] >= 'a' && key[0] <= 'z' && all_key_chars(key);
  auto tenant = key.substr(0, at), system = key.substr(at + 1);
  bool tenant_ok = !tenant.empty() && tenant.size() <= 241 &&
                   ((tenant[0] >= 'a' && tenant[0] <= 'z') || (tenant[0] >= '0' && tenant[0] <= '9')) &&
                   all_key_chars(tenant);
  bool system_ok =
      !system.empty() && system.size() <= 14 && system[0] >= 'a' && system[0] <= 'z' && all_key_chars(system);
  return tenant_ok && system_ok;
}

bool is_tracestate_value(std::string_view value) {
  if (value.empty() || value.size() > 256 || value.back() == ' ') return false;
  return std::all_of(value.begin(), value.end(),
                     [](char c) { return c >= 0x20 && c <= 0x7e && c != ',' && c != '='; });
}
}  // namespace

bool is_acceptable_tracestate(std::string_view tracestate) {
  if (tracestate.empty() || tracestate.size() > 512) return false;
  std::vector<std::string_view> keys;
  while (true) {
    auto comma = tracestate.find(',');
    auto member = trim_ascii(tracestate.substr(0, comma), " \t");
    if (!member.empty()) {
      auto eq = member.find('=');
      if (eq == std::string_view::npos || !is_tracestate_key(member.substr(0, eq)) ||
          !is_tracestate_value(member.substr(eq + 1)))
        return false;
      auto key = member.substr(0, eq);
      if (keys.size() == 32 || std::find(keys.begin(), keys.end(), key) != keys.end()) return false;
      keys.push_back(key);
    }
    if (comma == std::string_view::npos) break;
    tracestate.remove_prefix(comma + 1);
  }
  return !keys.empty();
}

}  // namespace gw
