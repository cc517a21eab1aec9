// Optional API keys: when any are configured, /api/v1/ routes other than health need
// "Authorization: Bearer <key>". Each key has a name (what logs, audit lines and metrics show: never the
// key) and grants (core/access/key_grants). Keys are compared in constant time; a key may be held as its
// SHA-256.
//
// API_KEYS: comma-separated keys, each unscoped.
// API_KEYS_FILE, parsed strictly (a line that does not parse refuses the whole file): one key per line,
//   KEY [name=NAME] GRANT [GRANT ...]   (fields separated by blanks or commas)
// KEY is the key itself (16 or more of RFC 6750's token68 characters) or sha256:<64 hex digits> (its
// SHA-256); NAME is 1-64 of A-Z a-z 0-9 . _ -; at least one grant ('*' for everything). A line whose first
// non-blank character is '#' is a comment, and blank lines are skipped; '#' anywhere else is an error. A
// UTF-8 byte-order mark is skipped; any other control or non-ASCII byte, a last line without its end of
// line (a file read half-written) and a file without any key are errors.
// A key without a name is named key-<12 hex digits>, a hash of its digest: the same key keeps its name,
// and so its rate bucket and idempotency records, whatever else in the file moves.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/access/key_grants.hpp"

namespace gw {

struct api_key {
  std::string name;
  grant_set grants;
  std::string secret;  // the key in clear, or empty when the file holds only its digest
  std::string digest;  // the key's SHA-256, 32 bytes (always set)
};

class api_keys {
 public:
  api_keys() = default;
  explicit api_keys(std::vector<api_key> keys);

  bool enabled() const { return !keys_.empty(); }
  std::size_t size() const { return keys_.size(); }
  const std::vector<api_key>& keys() const { return keys_; }

  // The key presented in `authorization` ("Bearer <key>") if it is one of ours, else nullptr. Every
  // configured key is compared in full, whatever matched, so the time taken says nothing about the keys.
  const api_key* match(std::string_view authorization) const;

 private:
  std::vector<api_key> keys_;
  bool any_hashed_ = false;
};

struct key_file_outcome {
  std::vector<api_key> keys;
  std::string error;  // "line N: why", when the file cannot be used
};

inline constexpr std::size_t min_key_length = 16;

std::vector<std::string> parse_key_list(std::string_view comma_separated);
// key-<12 hex digits>: the name of a key given without one (`digest` is its SHA-256).
std::string fingerprint_name(std::string_view digest);
std::vector<api_key> unscoped_keys(const std::vector<std::string>& keys);  // API_KEYS
// What differs between the keys file and GITHUB_WEBHOOK_SECRETS_FILE (the same lines, SECRET for KEY): a
// webhook secret is needed in clear (an HMAC's key, not a compared value) and may go without grants ('*').
struct key_file_rules {
  bool digests_allowed = true;
  bool grant_required = true;
};
inline constexpr key_file_rules webhook_secret_file_rules{false, false};

key_file_outcome parse_key_file(std::string_view contents, key_file_rules rules = {});

// The keys of API_KEYS followed by those of the file; "" or why they cannot be used together (a key or a
// name given twice).
std::string combine_keys(std::vector<api_key>& keys, std::vector<api_key> more);

}  // namespace gw
