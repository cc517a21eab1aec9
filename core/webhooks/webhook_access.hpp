// Who may deliver a webhook: the signature stands for an API key (core/access/access_control).
#pragma once
#include <optional>
#include <string_view>

#include "core/access/access_control.hpp"

namespace gw {

// POST /webhooks/github: the delivery's signature (X-Hub-Signature-256 over the raw body) stands for a key.
// A missing, malformed, repeated or wrong one is 401, and spends the address's failure budget as a wrong key
// does (then 429); a valid one always passes. `secret` is the one that signed it (its name and grants).
struct webhook_signature_request {
  std::string_view header;
  bool repeated = false;  // more than one X-Hub-Signature-256
  std::string_view body;
  std::string_view client_ip;
};
struct webhook_access {
  std::optional<http_reply> refusal;
  const api_key* secret = nullptr;
};
webhook_access check_webhook_signature(const webhook_signature_request& request,
                                       const access_settings& settings, token_buckets* auth_failures);

}  // namespace gw
