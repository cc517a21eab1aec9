// HTTP/1.1 client for the orchestrator, one per I/O thread: a keep-alive connection pool and one
// deadline per attempt. It makes exactly one attempt per exchange: a pooled connection found dead before
// any byte of the answer is reported as such (`stale_connection`), and the caller's retry policy decides.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/runners/upstream.hpp"
#include "http/orchestrator_transport.hpp"

namespace boost::asio {
class io_context;
}

namespace gw {

struct upstream_endpoint {
  std::string host;
  unsigned short port = 8000;
  std::string base_path;  // prefixed to every target
  std::string user_agent;
  std::size_t max_answer_bytes = 16 * 1024 * 1024;  // a longer answer body is a bad answer (502)
};

class upstream_client final : public orchestrator_transport {
 public:
  upstream_client(boost::asio::io_context& ioc, upstream_endpoint endpoint);
  ~upstream_client() override;

  // On the client's own I/O thread only. `done` runs once, on that thread.
  void exchange(upstream_call call, std::chrono::steady_clock::time_point deadline, connection_use use,
                callback done) override;

  struct pool;

 private:
  std::shared_ptr<pool> pool_;
};

}  // namespace gw
