#include "core/access/api_keys.hpp"

#include <algorithm>
#include <set>

#include "core/text/ascii_text.hpp"
#include "core/text/sha256.hpp"

namespace gw {

namespace {
constexpr std::string_view blanks = " \t\r\n\v\f";

std::string_view trim(std::string_view s) {
  return trim_ascii(s, blanks);
}

// Fields are separated by blanks or commas (no key, name or grant holds a comma: API_KEYS splits on them).
std::string_view next_token(std::string_view& line) {
  constexpr std::string_view separators = " \t\r\n\v\f,";
  auto start = line.find_first_not_of(separators);
  if (start == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(start);
  auto token = line.substr(0, line.find_first_of(separators));
  line.remove_prefix(token.size());
  return token;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

bool is_key_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

// 64 hex digits as 32 bytes, or "" when they are not.
std::string digest_from_hex(std::string_view hex) {
  if (hex.size() != 64) return {};
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_digit_value(hex[i]), lo = hex_digit_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return {};
    bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  return bytes;
}

// RFC 6750's token68, the characters a Bearer key can hold: A-Z a-z 0-9 - . _ ~ + / then '=' padding.
bool is_key_text(std::string_view key) {
  auto body_end = key.find_last_not_of('=');
  if (body_end == std::string_view::npos) return false;
  return std::all_of(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(body_end) + 1, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  });
}

// A file's byte that no key line holds: controls (NUL included) and anything outside ASCII.
bool is_foreign_byte(char c) {
  auto b = static_cast<unsigned char>(c);
  return (b < 0x20 && c != '\t') || b >= 0x7f;
}

// One line of the file (its end of line removed); `error` says why it is not a key line.
api_key parse_key_line(std::string_view line, key_file_rules rules, std::string& error) {
  api_key key;
  auto first = next_token(line);
  constexpr std::string_view hashed = "sha256:";
  if (first.empty()) {
    error = "no key before the name and grants";
  } else if (first.substr(0, 5) == "name=" || parse_grant(first)) {
    error = "the first field is a name or a grant, not a key";  // a forgotten key must not become one
  } else if (first.size() > hashed.size() && iequals_ascii(first.substr(0, hashed.size()), hashed)) {
    key.digest = digest_from_hex(first.substr(hashed.size()));
    if (!rules.digests_allowed)
      error = "a webhook secret must be given itself, not its sha256: (its HMAC needs it)";
    else if (key.digest.empty())
      error = "sha256: must be followed by 64 hex digits";
  } else if (!is_key_text(first)) {
    error =
        "the key holds a character outside A-Z a-z 0-9 - . _ ~ + / = ('#' starts a comment only at the "
        "start of a line)";
  } else if (first.size() < min_key_length) {
    error = "the key is shorter than " + std::to_string(min_key_length) + " characters";
  } else {
    key.secret = std::string(first);
    key.digest = sha256_of(first);
  }
  std::vector<grant> grants;
  std::size_t field = 1;
  for (auto token = next_token(line); error.empty() && !token.empty(); token = next_token(line)) {
    ++field;
    constexpr std::string_view name = "name=";
    if (token.substr(0, name.size()) == name) {
      if (!key.name.empty()) error = "more than one name=";
      key.name = std::string(token.substr(name.size()));
      if (error.empty() && !is_key_name(key.name))
        error = "name= takes 1-64 letters, digits, '.', '_' or '-'";
    } else if (auto g = parse_grant(token)) {
      grants.push_back(std::move(*g));
    } else {
      // Not echoed: a mistaken line may hold a second key.
      error = "field " + std::to_string(field) +
              " is neither a grant (*, org:NAME, repo:OWNER/REPO, '*' for a whole name) nor name=NAME";
    }
  }
  if (error.empty() && grants.empty() && rules.grant_required)
    error = "no grant (write * for every runner and cleanup, or org:NAME, repo:OWNER/REPO)";
  if (key.name.empty()) key.name = fingerprint_name(key.digest);
  key.grants = grant_set(std::move(grants));
  return key;
}
}  // namespace

api_keys::api_keys(std::vector<api_key> keys) : keys_(std::move(keys)) {
  for (const auto& key : keys_)
    if (key.secret.empty()) any_hashed_ = true;
}

const api_key* api_keys::match(std::string_view authorization) const {
  authorization = trim(authorization);
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size()) return nullptr;
  if (!iequals_ascii(authorization.substr(0, scheme.size()), scheme)) return nullptr;
  auto presented = trim(authorization.substr(scheme.size()));
  const api_key* found = nullptr;
  for (const auto& key : keys_)
    if (!key.secret.empty() && constant_time_equal(presented, key.secret) && !found) found = &key;
  // Hashed keys only when no clear key matched: every wrong key takes this same path, and a right one
  // learns nothing from it that its answer does not say.
  if (found || !any_hashed_) return found;
  auto digest = sha256_of(presented);
  for (const auto& key : keys_)
    if (key.secret.empty() && constant_time_equal(digest, key.digest) && !found) found = &key;
  return found;
}

std::vector<std::string> parse_key_list(std::string_view comma_separated) {
  std::vector<std::string> keys;
  while (!comma_separated.empty()) {
    auto comma = comma_separated.find(',');
    auto key = trim(comma_separated.substr(0, comma));
    if (!key.empty()) keys.emplace_back(key);
    if (comma == std::string_view::npos) break;
    comma_separated.remove_prefix(comma + 1);
  }
  return keys;
}

std::vector<api_key> unscoped_keys(const std::vector<std::string>& keys) {
  std::vector<api_key> out;
  for (const auto& secret : keys) {
    auto digest = sha256_of(secret);
    out.push_back({fingerprint_name(digest), grant_set(), secret, digest});
  }
  return out;
}

std::string fingerprint_name(std::string_view digest) {
  // A hash of the digest, not a piece of it: the name is logged, the digest may be what a file holds.
  return "key-" + hex_of(sha256_of(std::string("gha-gateway key name:").append(digest))).substr(0, 12);
}

key_file_outcome parse_key_file(std::string_view contents, key_file_rules rules) {
  key_file_outcome out;
  auto refuse = [&](std::string why) {
    out.keys.clear();
    out.error = std::move(why);
    return out;
  };
  constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
  if (contents.substr(0, byte_order_mark.size()) == byte_order_mark)
    contents.remove_prefix(byte_order_mark.size());
  std::size_t line_number = 0;
  while (!contents.empty()) {
    ++line_number;
    auto where = "line " + std::to_string(line_number) + ": ";
    auto newline = contents.find('\n');
    // A file being written in place is read up to where its writer is: its last line has no end yet.
    if (newline == std::string_view::npos)
      return refuse(where + "no end of line (a file must end with one; it may be half-written)");
    auto line = contents.substr(0, newline);
    contents.remove_prefix(newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (std::any_of(line.begin(), line.end(), is_foreign_byte))
      return refuse(where + "a control character or a byte outside ASCII");
    auto text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    std::string error;
    auto key = parse_key_line(text, rules, error);
    if (!error.empty()) return refuse(where + error);
    out.keys.push_back(std::move(key));
  }
  if (out.keys.empty()) return refuse("no key in the file (turning keys off is removing API_KEYS_FILE)");
  return out;
}

std::string combine_keys(std::vector<api_key>& keys, std::vector<api_key> more) {
  for (auto& key : more) keys.push_back(std::move(key));
  std::set<std::string_view> names, digests;
  for (const auto& key : keys) {
    if (!names.insert(key.name).second) return "the name " + key.name + " is given to two keys";
    if (!digests.insert(key.digest).second) return "the key named " + key.name + " is also given earlier";
  }
  return {};
}

}  // namespace gw
