// A CAF 0.17 scheduler whose workers are the gateway's I/O threads: each worker is one Asio io_context on
// its own thread and a CAF execution unit. An actor spawned on an I/O thread runs there; messages between
// actors of one thread are queued on that thread (no lock, no wake-up); timers an actor sets on its thread
// fire on that thread (one Asio timer per thread, no clock thread involved); an actor that terminates costs
// no clock-thread wake-up. How and why: shared/notes/caf-actors-on-io-threads.md.
//
// Homes. An actor that other threads message (the per-thread actors, the health monitor) is pinned to its
// thread with pin_to_this_thread(), and forgotten when it ends: a wake-up from anywhere is then carried to
// that thread. Any other actor (a request actor) must only be woken from its own thread: by actors of that
// thread, by its own timers, or by Asio handlers of that thread. There is no limit on the number of threads.
#pragma once
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/detail/thread_safe_actor_clock.hpp>
#include <caf/execution_unit.hpp>
#include <caf/resumable.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

namespace gw {

class io_coordinator;
class worker_clock;

class io_worker final : public caf::execution_unit {
 public:
  io_worker(io_coordinator& parent, std::size_t index, std::size_t max_throughput);
  ~io_worker() override;

  boost::asio::io_context& context() { return io_; }
  std::size_t index() const { return index_; }
  io_coordinator& parent() { return parent_; }

  // The worker whose thread is calling, or nullptr off the I/O threads.
  static io_worker* current();

  // CAF calls this on this worker's thread when something running here wakes an actor.
  void exec_later(caf::resumable* job) override;
  // From any thread: the job runs on this worker's thread.
  void post_job(caf::resumable* job);

  worker_clock& clock() { return *clock_; }
  bool hosts(const caf::abstract_actor* actor) const;

 private:
  friend class io_coordinator;
  void drain();
  void run();
  void stop_on_own_thread();

  io_coordinator& parent_;
  std::size_t index_;
  std::size_t max_throughput_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::unique_ptr<worker_clock> clock_;
  std::vector<caf::resumable*> queue_;  // jobs to resume, in order, from head_ on
  std::size_t head_ = 0;
  bool drain_posted_ = false;  // a drain is posted or running: it will take what is queued
  std::vector<const caf::abstract_actor*> pinned_here_;  // read on this thread only
  std::thread thread_;
};

// Timers set off the I/O threads (rare: start-up) go to CAF's ordinary clock thread; timers set on an I/O
// thread stay on it.
class routing_clock final : public caf::detail::thread_safe_actor_clock {
 public:
  using super = caf::detail::thread_safe_actor_clock;
  explicit routing_clock(io_coordinator& parent) : parent_(parent) {}

  void set_ordinary_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                            uint64_t id) override;
  void set_multi_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type, uint64_t id) override;
  void set_request_timeout(time_point t, caf::abstract_actor* self, caf::message_id id) override;
  void cancel_ordinary_timeout(caf::abstract_actor* self, caf::atom_value type) override;
  void cancel_request_timeout(caf::abstract_actor* self, caf::message_id id) override;
  void cancel_timeouts(caf::abstract_actor* self) override;
  void schedule_message(time_point t, caf::strong_actor_ptr receiver,
                        caf::mailbox_element_ptr content) override;
  void schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                        caf::message content) override;

 private:
  worker_clock* local() const;
  io_coordinator& parent_;
};

class io_coordinator final : public caf::scheduler::abstract_coordinator {
 public:
  using super = caf::scheduler::abstract_coordinator;

  // Makes the actor system built from `cfg` run its actors on `threads` I/O threads.
  static void install(caf::actor_system_config& cfg, std::size_t threads);
  // The coordinator of a system built with install(), or nullptr (e.g. CAF's test coordinator).
  static io_coordinator* of(caf::actor_system& sys);

  io_coordinator(caf::actor_system& sys, std::size_t threads);
  ~io_coordinator() override;

  std::size_t size() const { return workers_.size(); }
  io_worker& worker(std::size_t i) { return *workers_[i]; }

  // Pins `actor` to the calling I/O thread (call it on the thread that spawned it, before anyone else
  // can message it).
  void pin_to_this_thread(caf::abstract_actor* actor);
  // The thread a pinned actor lives on, or nullptr for an actor that is not pinned.
  io_worker* home_of(caf::resumable* job);
  // Pinned actors still alive (for tests and diagnostics).
  std::size_t pinned_actors();

  void enqueue(caf::resumable* job) override;
  caf::detail::thread_safe_actor_clock& clock() noexcept override { return clock_; }

 protected:
  void init(caf::actor_system_config& cfg) override;
  void start() override;
  void stop() override;

 private:
  friend class routing_clock;
  void forget(const caf::abstract_actor* actor, io_worker* home);
  std::vector<std::unique_ptr<io_worker>> workers_;
  std::atomic<std::size_t> next_worker_{0};
  std::mutex homes_mutex_;
  std::unordered_map<const caf::abstract_actor*, io_worker*> homes_;
  routing_clock clock_;
  std::thread clock_thread_;
};

// spawn() leaves the calling thread a reference to CAF's logger. While a thread holds one, every resume()
// there reads and writes the thread's actor id in a map under a lock that all threads share (two trips per
// resume). Nothing in the gateway logs through CAF, so the reference is dropped after a spawn and before each
// job.
void drop_caf_logger_reference();

// Pins a freshly spawned actor to the calling I/O thread when the system runs on io_coordinator.
template <class Handle>
void pin_to_this_thread(caf::actor_system& sys, const Handle& handle) {
  if (auto* coordinator = io_coordinator::of(sys))
    coordinator->pin_to_this_thread(caf::actor_cast<caf::abstract_actor*>(handle));
}

}  // namespace gw
