// SHA-256 of a text (OpenSSL's), and bytes as lower-case hex: key digests, idempotency fingerprints.
#pragma once
#include <string>
#include <string_view>

namespace gw {

// 32 raw bytes.
std::string sha256_of(std::string_view text);
// Two lower-case hex digits per byte.
std::string hex_of(std::string_view bytes);

}  // namespace gw
