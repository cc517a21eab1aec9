#include "core/access/client_address.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "core/text/ascii_text.hpp"

namespace gw {

namespace {
struct parsed_address {
  std::array<unsigned char, 16> bytes{};
  bool v6 = false;
};

std::optional<parsed_address> parse_address(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string z(text);
  parsed_address out;
  if (::inet_pton(AF_INET, z.c_str(), out.bytes.data()) == 1) return out;
  if (::inet_pton(AF_INET6, z.c_str(), out.bytes.data()) != 1) return std::nullopt;
  static constexpr unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(out.bytes.data(), mapped, sizeof mapped) == 0) {
    std::memmove(out.bytes.data(), out.bytes.data() + 12, 4);
    std::memset(out.bytes.data() + 4, 0, 12);
    return out;
  }
  out.v6 = true;
  return out;
}

bool covers(const address_range& range, const parsed_address& a) {
  if (range.v6 != a.v6) return false;
  unsigned full = range.prefix / 8, rest = range.prefix % 8;
  if (std::memcmp(range.bytes.data(), a.bytes.data(), full) != 0) return false;
  if (rest == 0) return true;
  auto mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (range.bytes[full] & mask) == (a.bytes[full] & mask);
}

// One hop as Forwarded's for= or X-Forwarded-For writes it: quotes, [v6]:port and v4:port taken off.
std::string_view hop_address(std::string_view node) {
  node = trim_ascii(node, " \t");
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') node = node.substr(1, node.size() - 2);
  if (!node.empty() && node.front() == '[') {
    auto close = node.find(']');
    return close == std::string_view::npos ? std::string_view() : node.substr(1, close - 1);
  }
  if (auto colon = node.find(':');
      colon != std::string_view::npos && node.find(':', colon + 1) == std::string_view::npos)
    return node.substr(0, colon);  // v4:port (a bare v6 address has more than one colon)
  return node;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// Forwarded's for= of each element, in order ("" for an element without one).
std::vector<std::string_view> forwarded_for(std::string_view forwarded) {
  std::vector<std::string_view> hops;
  for (auto element : split(forwarded, ',')) {
    std::string_view hop;
    for (auto pair : split(element, ';')) {
      pair = trim_ascii(pair, " \t");
      if (pair.size() > 4 && iequals_ascii(pair.substr(0, 4), "for=")) hop = pair.substr(4);
    }
    hops.push_back(hop);
  }
  return hops;
}
}  // namespace

bool trusted_proxy_set::contains(std::string_view ip) const {
  auto a = parse_address(ip);
  if (!a) return false;
  for (const auto& range : ranges_)
    if (covers(range, *a)) return true;
  return false;
}

std::optional<trusted_proxy_set> parse_trusted_proxies(std::string_view text, std::string& error) {
  std::vector<address_range> ranges;
  for (auto item : split(text, ',')) {
    item = trim_ascii(item, " \t");
    if (item.empty()) continue;
    auto slash = item.find('/');
    auto a = parse_address(item.substr(0, slash));
    if (!a) {
      error = "'" + std::string(item) + "' is not an address or CIDR";
      return std::nullopt;
    }
    unsigned most = a->v6 ? 128 : 32;
    unsigned prefix = most;
    if (slash != std::string_view::npos) {
      auto bits = parse_decimal(item.substr(slash + 1), most);
      if (!bits) {
        error = "'" + std::string(item) + "' has a prefix length that is not 0-" + std::to_string(most);
        return std::nullopt;
      }
      prefix = static_cast<unsigned>(*bits);
    }
    ranges.push_back({a->bytes, a->v6, prefix});
  }
  return trusted_proxy_set(std::move(ranges));
}

std::string canonical_address(std::string_view text) {
  auto a = parse_address(text);
  if (!a) return {};
  char out[INET6_ADDRSTRLEN];
  if (!::inet_ntop(a->v6 ? AF_INET6 : AF_INET, a->bytes.data(), out, sizeof out)) return {};
  return out;
}

std::string client_address_of(std::string_view peer_ip, std::string_view forwarded,
                              std::string_view x_forwarded_for, const trusted_proxy_set& trusted) {
  std::string client(peer_ip);
  if (trusted.empty() || !trusted.contains(peer_ip)) return client;
  auto hops = !trim_ascii(forwarded, " \t").empty() ? forwarded_for(forwarded) : split(x_forwarded_for, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto address = canonical_address(hop_address(*it));
    if (address.empty()) break;  // unknown or obfuscated: the trusted hop after it is all we know
    client = std::move(address);
    if (!trusted.contains(client)) break;
  }
  return client;
}

}  // namespace gw
