// Making client-controlled text safe to put in a log line.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace gw {

// Control bytes, DEL and bytes >= 0x80 become \xNN; the result is cut at `max_length` with "...".
std::string sanitize_for_log(std::string_view text, std::size_t max_length = 256);

// A client's address and port as logged: `10.0.0.7:51234`, or `[::1]:51234` for IPv6 (RFC 3986's form,
// so the port cannot be read as part of the address).
std::string address_with_port(std::string_view ip, bool is_v6, unsigned short port);

}  // namespace gw
