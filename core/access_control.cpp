#include "core/access_control.hpp"

#include <string>

#include "core/envelope.hpp"

namespace gw {

std::optional<http_reply> access_refusal(const access_request& request, const api_keys& keys,
                                         rate_limiter* limiter) {
  if (!route_needs_key(request.path, request.family)) return std::nullopt;
  std::optional<std::string_view> key;
  if (keys.enabled()) {
    key = keys.match(request.authorization);
    if (!key) {
      auto reply = error_reply(401, messages::unauthorized);
      reply.headers.emplace_back("WWW-Authenticate", "Bearer");
      return reply;
    }
  }
  if (limiter != nullptr && limiter->enabled()) {
    std::string client = key ? "key:" + std::string(*key) : "ip:" + std::string(request.client_ip);
    if (int wait = limiter->seconds_until_allowed(client)) {
      auto reply = error_reply(429, messages::rate_limited);
      reply.headers.emplace_back("Retry-After", std::to_string(wait));
      return reply;
    }
  }
  return std::nullopt;
}

}  // namespace gw
