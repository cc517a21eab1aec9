// A complete HTTP request as the session hands it to the request handler. The views point into the
// session's parsed request, which lives until the handler returns: the handler copies what it keeps.
#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "core/routes.hpp"

namespace gw {

struct incoming_request {
  std::string_view method;
  std::string_view target;
  std::string_view path;  // the target without its query
  path_family family = path_family::other;
  std::string_view body;  // valid while the handler runs (it copies what it keeps)
  std::string_view origin;
  std::string_view preflight_method;   // Access-Control-Request-Method
  std::string_view preflight_headers;  // Access-Control-Request-Headers
  std::string_view authorization;
  std::string_view content_type;
  std::string_view client_ip;
  std::string request_id;  // X-Request-ID: the client's when well-formed, else generated
  // When the whole request was in: its life (REQUEST_TIMEOUT_SECONDS) counts from here.
  std::chrono::steady_clock::time_point arrived_at;
};

}  // namespace gw
