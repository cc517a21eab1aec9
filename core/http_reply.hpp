// What the gateway answers: a status, a JSON body and any extra header fields.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace gw {

struct http_reply {
  unsigned status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type, added by the session
};

}  // namespace gw
