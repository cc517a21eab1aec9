// Who may use a keyed route (route_match::needs_key): the API key check. (The client's rate limit comes next,
// through the request's store: actors/request_store.) A failed key costs the client's address a token of its
// own budget (AUTH_FAILURE_RPS/BURST); once that is spent, its wrong keys get 429 instead of 401. A right key
// always passes: others failing from the same address (behind a NAT, an ingress without TRUSTED_PROXIES)
// never lock it out. What stops guessing is the keys' strength (a keys file's keys have at least 16 token68
// characters) and the constant-time compare; the budget keeps a guesser's answers uninformative until it
// slows down.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/access/access_settings.hpp"
#include "core/access/rate_limits.hpp"
#include "core/protocol/http_reply.hpp"

namespace gw {

struct access_request {
  bool needs_key = false;  // the route's
  std::string_view authorization;
  std::string_view client_ip;
};

struct access_decision {
  std::optional<http_reply> refusal;  // the 401 or 429 that stops the request
  const api_key* key = nullptr;       // the key presented, when keys are on (lives in the settings)
};

// `auth_failures` may be null (no budget: 401 for ever).
access_decision check_access(const access_request& request, const access_settings& settings,
                             token_buckets* auth_failures);

// GET /metrics on the public port: free while keys are off; with keys on, a key granted 'metrics' or '*'
// (401, or 429 once the address's failure budget is spent, without one; 403 for another key).
std::optional<http_reply> metrics_refusal(const access_request& request, const access_settings& settings,
                                          token_buckets* auth_failures);

// Who a client is to its rate limit and its idempotency records: its key's name, else its address.
std::string client_identity(const api_key* key, std::string_view client_ip);

// 429 with Retry-After.
http_reply rate_limited_reply(int wait_seconds);

}  // namespace gw
