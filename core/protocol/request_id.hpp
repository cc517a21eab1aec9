// X-Request-ID: a client's id is kept when it is safe to echo, log and forward; otherwise a new one is made.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace gw {

constexpr std::size_t max_request_id_bytes = 128;

// 1-128 characters of [A-Za-z0-9._:-] (UUIDs, ULIDs, W3C trace ids and the like); nothing that could
// split a header, a log line or a JSON string.
bool is_acceptable_request_id(std::string_view id);

// A random version-4 UUID in its 36-character text form; no locking (a per-thread generator).
std::string new_request_id();

// Writes the client's id when acceptable, else a new one, into `out` (reusing its capacity).
void assign_request_id(std::string& out, std::string_view offered);

}  // namespace gw
