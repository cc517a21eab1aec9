// REDIS_URL: where the shared store is. redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]; rediss:// (TLS) is
// refused, since Debian 12's hiredis (0.14) has no TLS. The password is kept apart and never printed.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace gw {

struct redis_endpoint {
  std::string host;
  unsigned short port = 6379;
  std::string user;      // Redis 6 ACL user; empty: the default user
  std::string password;  // sent with AUTH; empty: none
  int database = 0;      // SELECT when not 0
};

struct redis_url_outcome {
  std::optional<redis_endpoint> endpoint;
  std::string error;  // names what is wrong, never the URL's text (it may hold a password)
};

redis_url_outcome parse_redis_url(std::string_view url);

// The endpoint as logs may show it: redis://HOST:PORT/DB, the credentials left out.
std::string printable(const redis_endpoint& endpoint);

}  // namespace gw
