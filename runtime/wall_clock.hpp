// The wall clock, read where the gateway needs it: the timestamp of every envelope. (core/ reads no clock
// itself; this folder holds what touches the clock and the operating system's randomness.)
#pragma once
#include <string>

namespace gw {

// Current UTC time as 2024-02-04T23:54:00.000Z.
std::string utc_timestamp();
void append_utc_timestamp(std::string& out);  // the same, written at the end of `out`

}  // namespace gw
