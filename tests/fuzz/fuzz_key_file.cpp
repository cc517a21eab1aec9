// libFuzzer target: the API keys file, parsed strictly. Properties:
// - a file that parses holds only real keys: each in clear (16+ token68 characters) or held as a SHA-256,
//   each named validly and with at least one grant;
// - a file read half-way (any prefix of it) never widens what the whole file grants: it is refused, or each
//   of its keys is one of the whole file's, with the same name and grants;
// - an error never quotes the file (a mistaken line may hold a key): a secret planted in the first line
//   never appears in it.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/access/api_keys.hpp"
#include "core/text/sha256.hpp"

namespace {
void expect(bool condition) {
  if (!condition) __builtin_trap();
}

bool is_token68(std::string_view key) {
  auto body_end = key.find_last_not_of('=');
  if (body_end == std::string_view::npos) return false;
  for (std::size_t i = 0; i <= body_end; ++i) {
    char c = key[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

bool same_key(const gw::api_key& a, const gw::api_key& b) {
  return a.digest == b.digest && a.secret == b.secret && a.name == b.name &&
         a.grants.text() == b.grants.text();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view file(reinterpret_cast<const char*>(data), size);
  auto whole = gw::parse_key_file(file);
  expect(whole.error.empty() != whole.keys.empty());
  for (const auto& key : whole.keys) {
    expect(key.digest.size() == 32);
    expect(key.secret.empty() || (key.secret.size() >= gw::min_key_length && is_token68(key.secret)));
    expect(key.secret.empty() || key.digest == gw::sha256_of(key.secret));
    expect(!key.grants.grants().empty());
    expect(!key.name.empty() && key.name.size() <= 64);
  }
  if (whole.error.empty()) {
    // A few cuts, chosen by the input itself.
    for (std::size_t i = 0; i < 4 && size > 0; ++i) {
      std::size_t cut = (static_cast<std::size_t>(data[i % size]) * 131 + i * 977) % size;
      auto part = gw::parse_key_file(file.substr(0, cut));
      for (const auto& key : part.keys)
        expect(std::any_of(whole.keys.begin(), whole.keys.end(),
                           [&](const auto& k) { return same_key(k, key); }));
    }
  }
  const std::string planted = "Pl4nted5ecretXYZ";
  std::string with_secret = planted + std::string(file);
  auto planted_outcome = gw::parse_key_file(with_secret);
  expect(planted_outcome.error.find("Pl4nted5ecret") == std::string::npos);
  return 0;
}
