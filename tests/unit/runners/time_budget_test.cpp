#include <catch2/catch.hpp>

#include "core/runners/runner_lists.hpp"
#include "core/runners/time_budget.hpp"
#include "core/runners/upstream_answers.hpp"
#include "core/runners/upstream_calls.hpp"

using namespace gw;
using namespace std::chrono_literals;

namespace {
upstream_call create_of(unsigned count) {
  return upstream_call_for(route_kind::create_runners, {}, "{}", count);
}
}  // namespace

TEST_CASE("a create's attempt grows with its count; a create of 10 outlasts 10 s per runner") {
  time_budget_settings s;  // the defaults: 30 s, 15 s per runner, 45 s per destroy, 3 attempts, 1 s backoff
  CHECK(attempt_timeout_for(create_of(1), s) == 45s);
  CHECK(attempt_timeout_for(create_of(10), s) == 180s);
  CHECK(attempt_timeout_for(create_of(10), s) > 10 * 10s);
  CHECK(attempt_timeout_for(upstream_call_for(route_kind::list_runners, {}, {}), s) == 30s);
}

TEST_CASE("a destroy waits out Docker's stop timeout; a cleanup budgets each listed runner, up to 10") {
  time_budget_settings s;
  CHECK(attempt_timeout_for(upstream_call_for(route_kind::destroy_runner, "r", {}, 1), s) == 45s);
  CHECK(attempt_timeout_for(upstream_call_for(route_kind::cleanup_runners, {}, {}, 0), s) == 45s);
  CHECK(attempt_timeout_for(upstream_call_for(route_kind::cleanup_runners, {}, {}, 4), s) == 180s);
  CHECK(attempt_timeout_for(upstream_call_for(route_kind::cleanup_runners, {}, {}, 50), s) == 450s);
  s.destroy = 1s;  // never below a quick call's timeout
  CHECK(attempt_timeout_for(upstream_call_for(route_kind::destroy_runner, "r", {}, 1), s) == 30s);
}

TEST_CASE("the client's deadline: REQUEST_TIMEOUT_SECONDS from arrival, else the call's own worst case") {
  time_budget_settings s;
  auto arrived = std::chrono::steady_clock::time_point{} + 100s;
  auto now = arrived + 2s;
  auto list = upstream_call_for(route_kind::list_runners, {}, {});
  CHECK(worst_case_for(list, s) == 93s);  // 3 x 30 s + 1 s + 2 s
  CHECK(call_deadline(list, arrived, now, s) == now + 93s);
  CHECK(call_deadline(create_of(10), arrived, now, s) == now + 3 * 180s + 3s);
  s.request_timeout = 20s;
  CHECK(call_deadline(create_of(10), arrived, now, s) == arrived + 20s);
  CHECK(longest_request(s) == 20s);
}

TEST_CASE("the longest answer covers a create of 10 and a cleanup's three calls") {
  time_budget_settings s;
  CHECK(longest_request(s) == 93s + 93s + (3 * 450s + 3s));
  CHECK(longest_request(s) >= worst_case_for(create_of(10), s));
}
