// A complete HTTP request handed from the session to the front actor, with where to send the answer.
#pragma once
#include <memory>
#include <string>

#include "messages/reply_sink.hpp"

namespace gw {

struct incoming_request {
  std::string method;
  std::string target;
  std::string body;
  std::string origin;
  std::string preflight_method;   // Access-Control-Request-Method
  std::string preflight_headers;  // Access-Control-Request-Headers
};

struct http_job {
  std::shared_ptr<reply_sink> sink;
  incoming_request request;
};

}  // namespace gw
