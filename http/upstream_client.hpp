// HTTP/1.1 client for the orchestrator, one per I/O thread: a keep-alive connection pool and one
// deadline per attempt. It makes exactly one attempt per exchange (retry decisions belong to the
// caller), except that a pooled connection found dead before any byte of the answer is replaced
// once, for idempotent calls only.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/upstream.hpp"

namespace boost::asio {
class io_context;
}

namespace gw {

struct upstream_endpoint {
  std::string host;
  unsigned short port = 8000;
  std::string base_path;  // prefixed to every target
  std::string user_agent;
};

class upstream_client {
 public:
  // The call comes back with its outcome, so a caller that may retry it need not keep a copy.
  using callback = std::function<void(upstream_outcome, upstream_call)>;

  upstream_client(boost::asio::io_context& ioc, upstream_endpoint endpoint);
  ~upstream_client();

  // On the client's own I/O thread only. `done` runs once, on that thread.
  void exchange(upstream_call call, std::chrono::steady_clock::time_point deadline, callback done);
  void exchange(upstream_call call, std::chrono::milliseconds timeout, callback done) {
    exchange(std::move(call), std::chrono::steady_clock::now() + timeout, std::move(done));
  }

  // From any thread: hands the exchange to the client's I/O thread.
  void exchange_from_any_thread(upstream_call call, std::chrono::milliseconds timeout, callback done);

  struct pool;

 private:
  std::shared_ptr<pool> pool_;
};

}  // namespace gw
