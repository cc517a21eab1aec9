// What the gateway answers: a status, a body and any extra header fields.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gw {

struct http_reply {
  unsigned status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type, added by the session
  std::string_view content_type = "application/json";        // always a string literal
  // A large body shared by every reply that sends it (documentation assets); used instead of `body`.
  std::shared_ptr<const std::string> shared_body;
};

}  // namespace gw
