// One io_context per I/O thread, like one nginx worker per core: a connection, its upstream calls and
// its reply all stay on one thread, with no strand and no cross-thread hand-off on the hot path.
#pragma once
#include <boost/asio/io_context.hpp>

#include <memory>
#include <thread>
#include <vector>

namespace gw {

class io_pool {
 public:
  explicit io_pool(int threads) {
    for (int i = 0; i < threads; ++i)
      contexts_.push_back(std::make_unique<boost::asio::io_context>(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO));
  }

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& context(std::size_t i) { return *contexts_[i]; }

  // Runs every context, the first on the calling thread; returns once all have stopped.
  void run() {
    std::vector<std::thread> threads;
    std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards;
    for (auto& c : contexts_) guards.push_back(boost::asio::make_work_guard(*c));
    for (std::size_t i = 1; i < contexts_.size(); ++i)
      threads.emplace_back([this, i] { contexts_[i]->run(); });
    contexts_[0]->run();
    for (auto& t : threads) t.join();
  }

  void stop() {
    for (auto& c : contexts_) c->stop();
  }

 private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
};

}  // namespace gw
