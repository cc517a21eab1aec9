#include "core/webhooks/webhook_access.hpp"

#include <vector>

#include "core/protocol/envelope.hpp"
#include "core/webhooks/delivery_intake.hpp"
#include "core/webhooks/webhook_signature.hpp"

namespace gw {

webhook_access check_webhook_signature(const webhook_signature_request& request,
                                       const access_settings& settings, token_buckets* auth_failures) {
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

}  // namespace gw
