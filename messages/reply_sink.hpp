// Where a request's answer goes: implemented by the HTTP session, called from any actor thread.
#pragma once
#include <memory>

#include "core/protocol/http_reply.hpp"

namespace gw {

class reply_sink {
 public:
  virtual ~reply_sink() = default;
  // Called at most once per request; safe from any thread.
  virtual void deliver(http_reply reply) = 0;
};

}  // namespace gw
