// GitHub's X-Hub-Signature-256: "sha256=" and the lower-case hex HMAC-SHA256 of the raw body under the
// webhook's secret. Checked over the bytes exactly as received, before anything is parsed, against every
// secret in force (two during a rotation), in constant time. The SHA-1 header is never enough.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

// HMAC-SHA256 of `body` under `secret`, 32 raw bytes (OpenSSL).
std::string hmac_sha256(std::string_view secret, std::string_view body);

// "sha256=<hex>" for `body` under `secret`: what GitHub sends.
std::string signature_header_for(std::string_view secret, std::string_view body);

struct signature_check {
  enum class verdict { valid, missing, malformed, wrong };
  verdict outcome = verdict::missing;
  std::size_t secret_index = 0;  // when valid: which of the secrets signed it
};

// `header`: X-Hub-Signature-256 as received (empty when absent). Every secret is tried, whichever matched.
signature_check check_signature(std::string_view header, std::string_view body,
                                const std::vector<std::string_view>& secrets);

}  // namespace gw
