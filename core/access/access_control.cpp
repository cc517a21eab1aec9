#include "core/access/access_control.hpp"

#include <string>

#include "core/protocol/envelope.hpp"

namespace gw {

namespace {
access_decision too_many(int wait) {
  return {rate_limited_reply(wait), nullptr};
}
}  // namespace

http_reply rate_limited_reply(int wait_seconds) {
  auto reply = error_reply(429, messages::rate_limited);
  reply.headers.emplace_back("Retry-After", std::to_string(wait_seconds));
  return reply;
}

std::string client_identity(const api_key* key, std::string_view client_ip) {
  return key ? "key:" + key->name : "ip:" + std::string(client_ip);
}

access_decision check_access(const access_request& request, const access_settings& settings,
                             token_buckets* auth_failures) {
  if (!request.needs_key || !settings.keys.enabled()) return {};
  const auto* key = settings.keys.match(request.authorization);
  if (key) return {std::nullopt, key};
  const auto& failure_limits = settings.auth_failure_limits;
  if (auth_failures != nullptr && failure_limits.enabled())
    if (int wait =
            auth_failures->seconds_until_allowed("ip:" + std::string(request.client_ip), failure_limits))
      return too_many(wait);
  auto reply = error_reply(401, messages::unauthorized);
  reply.headers.emplace_back("WWW-Authenticate", "Bearer");
  return {std::move(reply), nullptr};
}

std::optional<http_reply> metrics_refusal(const access_request& request, const access_settings& settings,
                                          token_buckets* auth_failures) {
  if (!settings.keys.enabled()) return std::nullopt;
  auto decision = check_access(request, settings, auth_failures);
  if (decision.refusal) return std::move(decision.refusal);
  if (decision.key && !decision.key->grants.allows_metrics())
    return error_reply(403, messages::metrics_forbidden);
  return std::nullopt;
}

}  // namespace gw
