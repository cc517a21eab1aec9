#include "core/redis/redis_url.hpp"

#include "core/text/ascii_text.hpp"

namespace gw {

redis_url_outcome parse_redis_url(std::string_view url) {
  auto fail = [](std::string why) { return redis_url_outcome{std::nullopt, std::move(why)}; };
  constexpr std::string_view scheme = "redis://";
  if (url.rfind("rediss://", 0) == 0)
    return fail(
        "rediss:// (TLS) is not available: Debian 12's hiredis (0.14) has no TLS; reach Redis over a "
        "private network, or through a TLS tunnel on loopback");
  if (url.rfind(scheme, 0) != 0) return fail("the scheme must be redis://");
  auto rest = url.substr(scheme.size());
  redis_endpoint endpoint;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = credentials.find(':');
    if (colon == std::string_view::npos) return fail("credentials must be [USER]:PASSWORD@");
    // Percent-encoded, as a password holding '@' or ':' must be.
    auto user = percent_decode(credentials.substr(0, colon));
    auto password = percent_decode(credentials.substr(colon + 1));
    if (!user || !password) return fail("bad percent-encoding in the credentials");
    endpoint.user = std::move(*user);
    endpoint.password = std::move(*password);
    if (endpoint.password.empty() && !endpoint.user.empty()) return fail("a user needs a password");
  }
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    auto db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty()) {
      auto number = parse_decimal(db, 1000);
      if (!number) return fail("the database must be 0-1000");
      endpoint.database = static_cast<int>(*number);
    }
  }
  std::string_view host = rest, port;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    auto close = rest.find(']');
    if (close == std::string_view::npos) return fail("an IPv6 host must be in brackets");
    host = rest.substr(1, close - 1);
    auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("a host must be followed by :PORT");
      port = after.substr(1);
      if (port.empty()) return fail("the port must be 1-65535");
    }
  } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty()) return fail("the port must be 1-65535");
  }
  if (host.empty() || host.find_first_of(" /?#@") != std::string_view::npos) return fail("a host is needed");
  if (!port.empty()) {
    auto number = parse_decimal(port, 65535);
    if (!number || *number < 1) return fail("the port must be 1-65535");
    endpoint.port = static_cast<unsigned short>(*number);
  }
  endpoint.host = std::string(host);
  return {std::move(endpoint), {}};
}

std::string printable(const redis_endpoint& endpoint) {
  bool ipv6 = endpoint.host.find(':') != std::string::npos;
  std::string text = "redis://";
  text += ipv6 ? "[" + endpoint.host + "]" : endpoint.host;
  text += ":" + std::to_string(endpoint.port) + "/" + std::to_string(endpoint.database);
  if (!endpoint.password.empty()) text += " (with a password)";
  return text;
}

}  // namespace gw
