// `--healthcheck` of gha-gateway and gha-orchestrator-sim: a container health check without a second
// program (no curl in the image). Sends GET <path> to the process's own port; only a 200 in time passes.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace gw {

// 0 when http://<host>:<port><path> answered 200 in time, else 1 (a line on stderr, naming `who`, says why).
// A wildcard listen address (0.0.0.0, ::) is probed on loopback.
int probe_own_port(const std::string& who, const std::string& listen_host, std::uint16_t port,
                   const std::string& path, std::chrono::milliseconds limit);

}  // namespace gw
