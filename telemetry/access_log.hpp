// The access log line and the request metrics of one answered request.
#pragma once
#include <chrono>
#include <string_view>

#include "messages/incoming_request.hpp"

namespace gw {

// Counts the request in /metrics and writes its access log line (health probes from loopback are not
// logged; bodies never are), with the name of the API key it presented, when it did.
void record_answer(const incoming_request& request, unsigned status,
                   std::chrono::steady_clock::time_point now, std::string_view key_name = {});

// The access log's one policy: /health and /healthz probes from loopback (the container's own health
// check, a sidecar) get no line.
bool is_quiet_probe(path_family family, bool from_loopback);

}  // namespace gw
