// Deadlines for the sockets of one I/O thread (one service per io_context). A deadline is a slot in a flat
// array: arming it stores a time, and re-arms the thread's one timer only when the new time is earlier
// than the one the timer is already set for. When the timer fires, one pass over the array expires what is
// due and sets the timer for the earliest time left. A busy connection re-arms its deadline on every
// request at the cost of a store, with no timer-queue operation and no cancelled wait to complete, which is
// what a timer per socket operation costs.
//
// Everything here runs on the io_context's own thread. A deadline must not outlive its io_context.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <vector>

namespace gw {

class deadline;

class deadline_service : public boost::asio::io_context::service {
 public:
  using clock = std::chrono::steady_clock;
  static boost::asio::io_context::id id;

  explicit deadline_service(boost::asio::io_context& ioc);

  std::size_t armed_count() const;  // for tests

 private:
  friend class deadline;
  struct slot {
    clock::time_point due;
    deadline* owner;
  };

  void shutdown() override {}
  void add(deadline* d);
  void remove(deadline* d);
  void set(deadline* d, clock::time_point due);
  void schedule(clock::time_point due);
  void sweep();

  boost::asio::steady_timer timer_;
  clock::time_point scheduled_ = clock::time_point::max();
  std::vector<slot> slots_;
  std::vector<deadline*> expiring_;  // during a sweep: deadlines whose callbacks are still to run
  bool sweeping_ = false;
};

// Calls `on_expiry(context)` once the time set has passed, unless re-armed or disarmed first. The callback
// runs on the I/O thread; it may re-arm, disarm or destroy deadlines, its own included (one destroyed before
// its turn in the same sweep is not called).
class deadline {
 public:
  using clock = deadline_service::clock;
  using callback = void (*)(void* context);

  deadline(deadline_service& service, callback on_expiry, void* context);
  deadline(boost::asio::io_context& ioc, callback on_expiry, void* context);
  ~deadline();
  deadline(const deadline&) = delete;
  deadline& operator=(const deadline&) = delete;

  void expires_at(clock::time_point due) { service_.set(this, due); }
  void expires_after(clock::duration d) { expires_at(clock::now() + d); }
  void expires_never() { service_.slots_[slot_].due = clock::time_point::max(); }

 private:
  friend class deadline_service;
  deadline_service& service_;
  std::size_t slot_ = 0;
  callback on_expiry_;
  void* context_;
};

}  // namespace gw
