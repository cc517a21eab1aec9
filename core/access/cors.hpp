// CORS as the reference configures it: credentials allowed, GET/POST/PUT/DELETE, any requested header.
// With "*" the request's Origin is echoed (credentials forbid a literal "*") and Vary: Origin is set;
// an origin that is not allowed gets no CORS header at all.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/http_reply.hpp"

namespace gw {

struct cors_policy {
  bool any_origin = true;
  std::vector<std::string> origins;  // used when !any_origin
};

// Parses CORS_ORIGINS: "*" or a comma-separated list of origins.
cors_policy parse_cors_origins(std::string_view value);

bool origin_allowed(const cors_policy& policy, std::string_view origin);

// The origin's headers, for every answer to a request carrying `origin` (empty: none), preflights included:
// the one place that writes them.
void add_cors_headers(const cors_policy& policy, std::string_view origin, http_reply& reply);

// A preflight is OPTIONS with an Origin and an Access-Control-Request-Method.
bool is_preflight(std::string_view method, std::string_view origin, std::string_view requested_method);

// The preflight's own answer: allowed methods and headers; add_cors_headers adds the origin's.
http_reply answer_preflight(const cors_policy& policy, std::string_view origin,
                            std::string_view requested_method, std::string_view requested_headers);

}  // namespace gw
