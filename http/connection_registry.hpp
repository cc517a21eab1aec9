// What the listeners and every session share, kept alive by whichever outlives the others: the settings,
// the counts (connections, requests in flight, unsent answer bytes, connections per client address) and the
// live connections, for the drain on shutdown.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/server_settings.hpp"

namespace gw {

// A live connection as the drain sees it.
class drainable_connection {
 public:
  virtual void close_if_idle() = 0;

 protected:
  ~drainable_connection() = default;
};

struct connection_registry {
  server_settings settings;
  std::atomic<std::size_t> in_flight{0};
  std::atomic<std::size_t> connections{0};  // live sessions; the map below is only for shutdown
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> pending_answer_bytes{0};  // what slow readers have not taken yet
  // One per I/O thread, set once by listen(); sessions keep a reference (this outlives them all).
  std::vector<dispatch_fn> dispatch;

  std::mutex sessions_mutex;
  std::unordered_map<const drainable_connection*, std::weak_ptr<drainable_connection>> sessions;
  std::unordered_map<std::string, std::size_t> connections_per_client;  // by address, under sessions_mutex

  std::size_t open_connections() const { return connections.load(); }
};

}  // namespace gw
