// The scheduler that runs the actors on the I/O threads, with real threads: where actors run, where their
// timers fire, where a message from another thread lands, and more threads than spare flag bits could name.
#include <catch2/catch.hpp>

#include <boost/asio/post.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "actors/io_scheduler.hpp"

using namespace gw;
using namespace std::chrono_literals;

namespace {
using ping_atom = caf::atom_constant<caf::atom("ping")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;

// Where each message was handled: the index of the I/O thread, -1 off them.
struct sightings {
  std::mutex mutex;
  std::vector<int> seen;
  std::promise<void> done;
  std::size_t expected = 1;
  void note() {
    auto* w = io_worker::current();
    std::lock_guard<std::mutex> lock(mutex);
    seen.push_back(w ? static_cast<int>(w->index()) : -1);
    if (seen.size() == expected) done.set_value();
  }
  std::vector<int> wait() {
    REQUIRE(done.get_future().wait_for(5s) == std::future_status::ready);
    std::lock_guard<std::mutex> lock(mutex);
    return seen;
  }
};

caf::behavior witness(caf::event_based_actor* self, std::shared_ptr<sightings> log) {
  return {
      [=](ping_atom) { log->note(); },
      [=](tick_atom) {
        self->delayed_send(self, 20ms, ping_atom::value);  // the timer is set here, on the actor's thread
      },
      [=](ping_atom, caf::actor other) { self->send(other, ping_atom::value); },
  };
}

// Spawns on worker `i`'s thread and pins the actor there, as the gateway does.
caf::actor spawn_on(caf::actor_system& sys, io_worker& worker, std::shared_ptr<sightings> log,
                    bool pin = true) {
  std::promise<caf::actor> spawned;
  boost::asio::post(worker.context(), [&] {
    auto a = sys.spawn(witness, log);
    if (pin) pin_to_this_thread(sys, a);
    spawned.set_value(a);
  });
  return spawned.get_future().get();
}

struct io_system {
  explicit io_system(std::size_t threads) { io_coordinator::install(cfg, threads); }
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  io_coordinator& start() {
    sys = std::make_unique<caf::actor_system>(cfg);
    return *io_coordinator::of(*sys);
  }
};
}  // namespace

TEST_CASE("io scheduler: a timer fires on the thread of the actor that set it") {
  io_system s(2);
  auto& io = s.start();
  auto log = std::make_shared<sightings>();
  auto a = spawn_on(*s.sys, io.worker(1), log);
  caf::anon_send(a, tick_atom::value);  // from the test's thread
  CHECK(log->wait() == std::vector<int>{1});
  caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

TEST_CASE("io scheduler: a message from another I/O thread's actor runs on the receiver's own thread") {
  io_system s(2);
  auto& io = s.start();
  auto log = std::make_shared<sightings>();
  auto receiver = spawn_on(*s.sys, io.worker(1), log);
  auto sender = spawn_on(*s.sys, io.worker(0), std::make_shared<sightings>());
  caf::anon_send(sender, ping_atom::value, receiver);
  CHECK(log->wait() == std::vector<int>{1});
  caf::anon_send_exit(receiver, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(sender, caf::exit_reason::user_shutdown);
}

TEST_CASE("io scheduler: 12 I/O threads, each pinned actor reached from outside on its own thread") {
  constexpr std::size_t threads = 12;
  io_system s(threads);
  auto& io = s.start();
  REQUIRE(io.size() == threads);
  std::vector<std::shared_ptr<sightings>> logs;
  std::vector<caf::actor> actors;
  for (std::size_t i = 0; i < threads; ++i) {
    logs.push_back(std::make_shared<sightings>());
    logs.back()->expected = 3;
    actors.push_back(spawn_on(*s.sys, io.worker(i), logs.back()));
  }
  for (int round = 0; round < 3; ++round)
    for (auto& a : actors) caf::anon_send(a, ping_atom::value);
  for (std::size_t i = 0; i < threads; ++i) {
    auto seen = logs[i]->wait();
    CHECK(seen == std::vector<int>(3, static_cast<int>(i)));
  }
  for (auto& a : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

TEST_CASE("io scheduler: an actor spawned by an actor stays on its thread; many come and go") {
  io_system s(2);
  auto& io = s.start();
  constexpr int children = 2000;
  auto log = std::make_shared<sightings>();
  log->expected = children;
  std::promise<void> spawned;
  boost::asio::post(io.worker(1).context(), [&] {
    // As a front actor spawns request actors: each answers once and quits.
    // (Spawned with an argument: CAF 0.17 binds a null tuple for a function spawned without any.)
    auto parent = s.sys->spawn(
        [](caf::event_based_actor* self, std::shared_ptr<sightings> seen) -> caf::behavior {
          return {[=](ping_atom) {
            for (int i = 0; i < children; ++i)
              self->spawn(
                  [](caf::event_based_actor* child, std::shared_ptr<sightings> seen) {
                    seen->note();
                    child->quit();
                  },
                  seen);
          }};
        },
        log);
    pin_to_this_thread(*s.sys, parent);
    caf::anon_send(parent, ping_atom::value);
    caf::anon_send_exit(parent, caf::exit_reason::user_shutdown);
    spawned.set_value();
  });
  spawned.get_future().wait();
  CHECK(log->wait() == std::vector<int>(children, 1));
}

TEST_CASE("io scheduler: a pinned actor that ends is forgotten (its address may serve another actor)") {
  io_system s(2);
  auto& io = s.start();
  auto before = io.pinned_actors();
  auto a = spawn_on(*s.sys, io.worker(1), std::make_shared<sightings>());
  CHECK(io.pinned_actors() == before + 1);
  caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  a = nullptr;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (io.pinned_actors() != before && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  CHECK(io.pinned_actors() == before);
}
