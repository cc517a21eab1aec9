// Random bits for ids (request ids, trace and span ids): unique, not secret. No locking: a per-thread
// generator (splitmix64), seeded from the operating system.
#pragma once
#include <cstdint>

namespace gw {

std::uint64_t random_u64();

}  // namespace gw
