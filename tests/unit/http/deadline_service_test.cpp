#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>
#include <vector>

#include "http/deadline_service.hpp"

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

// A deadline that records when it expired, in a shared log.
struct recorder {
  recorder(boost::asio::io_context& ioc, std::string name, std::vector<std::string>& log)
      : name(std::move(name)),
        log(log),
        timer(
            ioc, [](void* self) { static_cast<recorder*>(self)->fired(); }, this) {}
  void fired() {
    log.push_back(name);
    at = clock_type::now();
    if (on_fire) on_fire();
  }
  std::string name;
  std::vector<std::string>& log;
  clock_type::time_point at;
  std::function<void()> on_fire;
  gw::deadline timer;
};

void run_for(boost::asio::io_context& ioc, clock_type::duration d) {
  ioc.restart();
  ioc.run_for(d);
}

}  // namespace

TEST_CASE("deadlines expire in time order, not before their time, and only once") {
  boost::asio::io_context ioc;
  std::vector<std::string> log;
  recorder late(ioc, "late", log), early(ioc, "early", log), never(ioc, "never", log);
  auto start = clock_type::now();
  late.timer.expires_after(120ms);
  early.timer.expires_after(40ms);  // earlier than what the service's timer is already set for
  run_for(ioc, 300ms);
  REQUIRE(log == std::vector<std::string>{"early", "late"});
  CHECK(early.at - start >= 40ms);
  CHECK(late.at - start >= 120ms);
  CHECK(boost::asio::use_service<gw::deadline_service>(ioc).armed_count() == 0);
}

TEST_CASE("re-arming postpones a deadline and disarming cancels it") {
  boost::asio::io_context ioc;
  std::vector<std::string> log;
  recorder moved(ioc, "moved", log), cancelled(ioc, "cancelled", log);
  auto start = clock_type::now();
  moved.timer.expires_after(30ms);
  cancelled.timer.expires_after(30ms);
  cancelled.timer.expires_never();
  moved.timer.expires_after(150ms);  // later than the timer: it fires, finds nothing due, and waits again
  run_for(ioc, 80ms);
  CHECK(log.empty());
  run_for(ioc, 200ms);
  REQUIRE(log == std::vector<std::string>{"moved"});
  CHECK(moved.at - start >= 150ms);
}

TEST_CASE("a deadline ended while others expire in the same sweep is not called") {
  boost::asio::io_context ioc;
  std::vector<std::string> log;
  auto first = std::make_unique<recorder>(ioc, "first", log);
  auto second = std::make_unique<recorder>(ioc, "second", log);
  auto third = std::make_unique<recorder>(ioc, "third", log);
  auto due = clock_type::now() + 20ms;
  first->timer.expires_at(due);
  second->timer.expires_at(due);
  third->timer.expires_at(due);
  // Whichever runs first ends the other two; their slots move under the sweep.
  auto end_others = [&](recorder* self) {
    for (auto* p : {&first, &second, &third})
      if (p->get() && p->get() != self) p->reset();
  };
  first->on_fire = [&, self = first.get()] { end_others(self); };
  second->on_fire = [&, self = second.get()] { end_others(self); };
  third->on_fire = [&, self = third.get()] { end_others(self); };
  run_for(ioc, 100ms);
  CHECK(log.size() == 1);
}

TEST_CASE("a deadline armed from an expiry callback is honoured") {
  boost::asio::io_context ioc;
  std::vector<std::string> log;
  recorder again(ioc, "again", log);
  int rounds = 0;
  again.on_fire = [&] {
    if (++rounds < 3) again.timer.expires_after(10ms);
  };
  again.timer.expires_after(10ms);
  run_for(ioc, 200ms);
  CHECK(log.size() == 3);
  CHECK(boost::asio::use_service<gw::deadline_service>(ioc).armed_count() == 0);
}

TEST_CASE("a deadline may end itself from its own callback; the rest of the sweep goes on") {
  boost::asio::io_context ioc;
  std::vector<std::string> log;
  auto self_ending = std::make_unique<recorder>(ioc, "self-ending", log);
  recorder other(ioc, "other", log);
  auto due = clock_type::now() + 20ms;
  self_ending->timer.expires_at(due);
  other.timer.expires_at(due);
  self_ending->on_fire = [&] { self_ending.reset(); };
  run_for(ioc, 100ms);
  CHECK(self_ending == nullptr);
  CHECK(log.size() == 2);
  CHECK(boost::asio::use_service<gw::deadline_service>(ioc).armed_count() == 0);
}
