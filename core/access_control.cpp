#include "core/access_control.hpp"

#include <string>

#include "core/envelope.hpp"

namespace gw {

namespace {
http_reply too_many(int wait) {
  auto reply = error_reply(429, messages::rate_limited);
  reply.headers.emplace_back("Retry-After", std::to_string(wait));
  return reply;
}
}  // namespace

std::optional<http_reply> access_refusal(const access_request& request, const api_keys& keys,
                                         rate_limiter* limiter, rate_limiter* auth_failures) {
  if (!route_needs_key(request.path, request.family)) return std::nullopt;
  std::optional<std::string_view> key;
  if (keys.enabled()) {
    bool guarded = auth_failures != nullptr && auth_failures->enabled();
    std::string address = guarded ? "ip:" + std::string(request.client_ip) : std::string();
    if (guarded)
      if (int wait = auth_failures->seconds_until_token(address)) return too_many(wait);
    key = keys.match(request.authorization);
    if (!key) {
      if (guarded)
        if (int wait = auth_failures->seconds_until_allowed(address)) return too_many(wait);
      auto reply = error_reply(401, messages::unauthorized);
      reply.headers.emplace_back("WWW-Authenticate", "Bearer");
      return reply;
    }
  }
  if (limiter != nullptr && limiter->enabled()) {
    std::string client = key ? "key:" + std::string(*key) : "ip:" + std::string(request.client_ip);
    if (int wait = limiter->seconds_until_allowed(client)) return too_many(wait);
  }
  return std::nullopt;
}

}  // namespace gw
