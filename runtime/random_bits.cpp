#include "runtime/random_bits.hpp"

#include <random>

namespace gw {

namespace {
// splitmix64: fast and well mixed; seeded once per thread from the OS. Ids need to be unique, not secret.
struct id_generator {
  std::uint64_t state;
  id_generator() {
    std::random_device os;
    state = (static_cast<std::uint64_t>(os()) << 32) ^ os();
  }
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};
}  // namespace

std::uint64_t random_u64() {
  thread_local id_generator generator;
  return generator.next();
}

}  // namespace gw
