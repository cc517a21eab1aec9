// The access log line and the request metrics of one answered request.
#pragma once
#include <chrono>

#include "messages/incoming_request.hpp"

namespace gw {

// Counts the request in /metrics and writes its access log line (health probes from loopback are not
// logged; bodies never are).
void record_answer(const incoming_request& request, unsigned status,
                   std::chrono::steady_clock::time_point now);

}  // namespace gw
