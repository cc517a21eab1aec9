#include "core/webhooks/webhook_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/access/api_keys.hpp"
#include "core/text/ascii_text.hpp"
#include "core/text/sha256.hpp"

namespace gw {

namespace {
constexpr std::string_view scheme = "sha256=";
constexpr std::size_t digest_bytes = 32;

// The header's 64 hex digits (either case, as GitHub's docs do not promise one) as 32 bytes.
std::optional<std::string> digest_of_header(std::string_view header) {
  header = trim_ascii(header, " \t");
  if (header.size() != scheme.size() + 2 * digest_bytes ||
      !iequals_ascii(header.substr(0, scheme.size()), scheme))
    return std::nullopt;
  std::string digest;
  digest.reserve(digest_bytes);
  for (std::size_t i = scheme.size(); i < header.size(); i += 2) {
    int hi = hex_digit_value(header[i]), lo = hex_digit_value(header[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    digest.push_back(static_cast<char>(hi * 16 + lo));
  }
  return digest;
}
}  // namespace

std::string hmac_sha256(std::string_view secret, std::string_view body) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  static const unsigned char nothing = 0;  // HMAC() wants a non-null pointer even for empty input
  HMAC(EVP_sha256(),
       secret.empty() ? static_cast<const void*>(&nothing) : static_cast<const void*>(secret.data()),
       static_cast<int>(secret.size()),
       body.empty() ? &nothing : reinterpret_cast<const unsigned char*>(body.data()), body.size(), out,
       &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string signature_header_for(std::string_view secret, std::string_view body) {
  return std::string(scheme) + hex_of(hmac_sha256(secret, body));
}

signature_check check_signature(std::string_view header, std::string_view body,
                                const std::vector<std::string_view>& secrets) {
  using verdict = signature_check::verdict;
  if (trim_ascii(header, " \t").empty()) return {verdict::missing};
  auto presented = digest_of_header(header);
  if (!presented) return {verdict::malformed};
  signature_check check{verdict::wrong};
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    auto expected = hmac_sha256(secrets[i], body);
    bool same = CRYPTO_memcmp(expected.data(), presented->data(), digest_bytes) == 0;
    if (same && check.outcome != verdict::valid) check = {verdict::valid, i};
  }
  return check;
}

}  // namespace gw
