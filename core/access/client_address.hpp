// Who the client is behind a proxy: TRUSTED_PROXIES names the proxies (CIDRs) whose word about the client's
// address is taken. A request from one of them is attributed to the nearest hop that is not trusted,
// read from the right of Forwarded's for= (RFC 7239) or, without it, of X-Forwarded-For; a hop that is not
// an address (for=unknown, an obfuscated name) stops the walk at the trusted hop after it. A request from
// anywhere else is its connection's peer, whatever it claims.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

struct address_range {
  std::array<unsigned char, 16> bytes{};
  bool v6 = false;
  unsigned prefix = 0;  // bits
};

class trusted_proxy_set {
 public:
  trusted_proxy_set() = default;
  explicit trusted_proxy_set(std::vector<address_range> ranges) : ranges_(std::move(ranges)) {}
  bool empty() const { return ranges_.empty(); }
  bool contains(std::string_view ip) const;

 private:
  std::vector<address_range> ranges_;
};

// "10.0.0.0/8, 192.168.1.7, fd00::/8": nullopt (and `error`) when one is not an address or CIDR.
std::optional<trusted_proxy_set> parse_trusted_proxies(std::string_view text, std::string& error);

// The address in its canonical text (IPv4-mapped IPv6 as IPv4), or "" when `text` is not one.
std::string canonical_address(std::string_view text);

// The client's address for a request that came from `peer_ip` with these header values (every field of
// each, joined by commas).
std::string client_address_of(std::string_view peer_ip, std::string_view forwarded,
                              std::string_view x_forwarded_for, const trusted_proxy_set& trusted);

}  // namespace gw
