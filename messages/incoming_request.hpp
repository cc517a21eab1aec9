// A complete HTTP request as the session hands it to the request handler.
#pragma once
#include <string>

namespace gw {

struct incoming_request {
  std::string method;
  std::string target;
  std::string body;
  std::string origin;
  std::string preflight_method;   // Access-Control-Request-Method
  std::string preflight_headers;  // Access-Control-Request-Headers
  std::string authorization;
  std::string content_type;
  std::string client_ip;
  std::string request_id;  // X-Request-ID: the client's when well-formed, else generated
};

}  // namespace gw
