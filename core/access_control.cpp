#include "core/access_control.hpp"

#include <string>

#include "core/envelope.hpp"
#include "core/webhooks/delivery_intake.hpp"
#include "core/webhooks/webhook_signature.hpp"

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
                             rate_limiter* auth_failures) {
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

webhook_access check_webhook_signature(const webhook_signature_request& request,
                                       const access_settings& settings, rate_limiter* auth_failures) {
  std::vector<std::string_view> secrets;
  secrets.reserve(settings.webhook_secrets.size());
  for (const auto& secret : settings.webhook_secrets) secrets.push_back(secret.secret);
  auto check = check_signature(request.header, request.body, secrets);
  using verdict = signature_check::verdict;
  if (request.repeated && check.outcome != verdict::missing) check.outcome = verdict::malformed;
  if (check.outcome == verdict::valid) return {std::nullopt, &settings.webhook_secrets[check.secret_index]};
  const auto& failure_limits = settings.auth_failure_limits;
  if (auth_failures != nullptr && failure_limits.enabled())
    if (int wait =
            auth_failures->seconds_until_allowed("ip:" + std::string(request.client_ip), failure_limits))
      return {rate_limited_reply(wait), nullptr};
  auto message = check.outcome == verdict::missing     ? messages::webhook_signature_missing
                 : check.outcome == verdict::malformed ? messages::webhook_signature_malformed
                                                       : messages::webhook_signature_wrong;
  return {error_reply(401, message), nullptr};
}

std::optional<http_reply> metrics_refusal(const access_request& request, const access_settings& settings,
                                          rate_limiter* auth_failures) {
  if (!settings.keys.enabled()) return std::nullopt;
  auto decision = check_access(request, settings, auth_failures);
  if (decision.refusal) return std::move(decision.refusal);
  if (decision.key && !decision.key->grants.allows_metrics())
    return error_reply(403, messages::metrics_forbidden);
  return std::nullopt;
}

}  // namespace gw
