// `gha-gateway --healthcheck`: the container's health check without a second program. Sends GET /healthz
// to this gateway's own port and succeeds only on a 200 within the time limit.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace gw {

// 0 when http://<host>:<port>/healthz answered 200 in time, else 1 (a line on stderr says why).
// A wildcard listen address (0.0.0.0, ::) is probed on loopback.
int probe_own_healthz(const std::string& listen_host, std::uint16_t port, std::chrono::milliseconds limit);

}  // namespace gw
