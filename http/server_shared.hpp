// State shared by the listeners and every session; kept alive by whichever outlives the others.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/server.hpp"

namespace gw {

class session;

struct server_shared {
  server_settings settings;
  std::atomic<std::size_t> in_flight{0};
  std::atomic<std::size_t> connections{0};  // live sessions; the map below is only for shutdown
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> pending_answer_bytes{0};  // what slow readers have not taken yet
  // One per I/O thread, set once by listen(); sessions keep a reference (this outlives them all).
  std::vector<dispatch_fn> dispatch;

  std::mutex sessions_mutex;
  std::unordered_map<session*, std::weak_ptr<session>> sessions;
  std::unordered_map<std::string, std::size_t> connections_per_client;  // by address, under sessions_mutex

  std::size_t open_connections() const { return connections.load(); }
};

}  // namespace gw
