#include "core/trace_context.hpp"

#include "core/request_id.hpp"

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

bool is_acceptable_tracestate(std::string_view tracestate) {
  if (tracestate.empty() || tracestate.size() > 512) return false;
  for (char c : tracestate)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

}  // namespace gw
