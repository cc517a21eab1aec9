#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/runners/health_state.hpp"

using namespace gw;

TEST_CASE("the real orchestrator's success:true is healthy") {
  auto s = evaluate_health(
      {upstream_failure::none, 200,
       R"({"success":true,"message":"ok","data":{"service":"orchestrator","active_runners":2}})"});
  CHECK(s.orchestrator == "healthy");
  CHECK(s.healthy());
}

TEST_CASE("status:healthy builds are healthy; other statuses are reported as given") {
  CHECK(evaluate_health({upstream_failure::none, 200, R"({"status":"healthy"})"}).orchestrator == "healthy");
  CHECK(evaluate_health({upstream_failure::none, 200, R"({"status":"starting"})"}).orchestrator ==
        "starting");
  CHECK(evaluate_health({upstream_failure::none, 503, R"({"status":"degraded"})"}).orchestrator ==
        "degraded");
  CHECK(evaluate_health({upstream_failure::none, 503, R"({"status":"healthy"})"}).orchestrator ==
        "unhealthy");
  CHECK(evaluate_health({upstream_failure::none, 200, R"({"success":false})"}).orchestrator == "unhealthy");
  CHECK(evaluate_health({upstream_failure::none, 500, "oops"}).orchestrator == "unhealthy");
}

TEST_CASE("a refused or broken connection is unreachable; a connection left unanswered is busy") {
  for (auto f : {upstream_failure::not_sent, upstream_failure::transport}) {
    auto s = evaluate_health({f, 0, {}});
    CHECK(s.orchestrator == "unreachable");
    CHECK_FALSE(s.reachable);
  }
  auto busy = evaluate_health({upstream_failure::timeout, 0, {}});
  CHECK(busy.orchestrator == "busy");
  CHECK_FALSE(busy.reachable);
  CHECK_FALSE(busy.fail_fast);
}

namespace {
using clock_type = std::chrono::steady_clock;
health_snapshot poll(upstream_failure f) {
  return evaluate_health({f, f == upstream_failure::none ? 200u : 0u, R"({"success":true})"});
}
}  // namespace

TEST_CASE("tracker: the first poll that reaches nothing fails fast at once; later, only a run of them does") {
  health_tracker t({2, 1, std::chrono::seconds(300)});
  auto now = clock_type::now();
  CHECK(t.observe(poll(upstream_failure::not_sent), now).fail_fast);  // nothing known yet
  auto back = t.observe(poll(upstream_failure::none), now);
  CHECK_FALSE(back.fail_fast);
  CHECK(back.orchestrator == "healthy");
  auto one = t.observe(poll(upstream_failure::transport), now);
  CHECK_FALSE(one.fail_fast);  // one reset: still the last state
  CHECK(one.orchestrator == "healthy");
  auto two = t.observe(poll(upstream_failure::not_sent), now);
  CHECK(two.fail_fast);
  CHECK(two.orchestrator == "unreachable");
}

TEST_CASE("tracker: busy never fails fast until it lasts past the limit") {
  health_tracker t({2, 1, std::chrono::seconds(300)});
  auto start = clock_type::now();
  t.observe(poll(upstream_failure::none), start);
  for (int s = 0; s < 300; s += 5) {
    auto busy = t.observe(poll(upstream_failure::timeout), start + std::chrono::seconds(s));
    CHECK(busy.orchestrator == "busy");
    CHECK_FALSE(busy.fail_fast);
  }
  auto dead = t.observe(poll(upstream_failure::timeout), start + std::chrono::seconds(300));
  CHECK(dead.fail_fast);
  CHECK(dead.orchestrator == "unreachable");
  // It answers again: forwarded at once (healthy threshold 1), and a later freeze starts a new count.
  CHECK_FALSE(t.observe(poll(upstream_failure::none), start + std::chrono::seconds(301)).fail_fast);
  CHECK_FALSE(t.observe(poll(upstream_failure::timeout), start + std::chrono::seconds(302)).fail_fast);
}

TEST_CASE("tracker: fail-fast ends after the healthy threshold of answered polls") {
  health_tracker t({1, 3, std::chrono::seconds(300)});
  auto now = clock_type::now();
  CHECK(t.observe(poll(upstream_failure::not_sent), now).fail_fast);
  CHECK(t.observe(poll(upstream_failure::none), now).fail_fast);
  CHECK(t.observe(poll(upstream_failure::none), now).fail_fast);
  auto third = t.observe(poll(upstream_failure::none), now);
  CHECK_FALSE(third.fail_fast);
  CHECK(third.orchestrator == "healthy");
  // A busy poll in between breaks the run: it is accepting connections, so it is not down either.
  CHECK(t.observe(poll(upstream_failure::not_sent), now).fail_fast);
  CHECK(t.observe(poll(upstream_failure::none), now).fail_fast);
  CHECK_FALSE(t.observe(poll(upstream_failure::timeout), now).fail_fast);
}

TEST_CASE("a busy orchestrator is reported as busy, degraded") {
  rapidjson::Document d;
  d.Parse(health_reply(evaluate_health({upstream_failure::timeout, 0, {}})).body.c_str());
  CHECK(std::string(d["data"]["status"].GetString()) == "degraded");
  CHECK(std::string(d["data"]["orchestrator"].GetString()) == "busy");
}

TEST_CASE("health replies are always 200 with the reference's messages") {
  rapidjson::Document d;
  auto healthy = health_reply(evaluate_health({upstream_failure::none, 200, R"({"success":true})"}));
  CHECK(healthy.status == 200);
  d.Parse(healthy.body.c_str());
  CHECK(std::string(d["data"]["status"].GetString()) == "healthy");
  CHECK(std::string(d["data"]["service"].GetString()) == "api-gateway");
  CHECK(std::string(d["data"]["orchestrator"].GetString()) == "healthy");
  CHECK(std::string(d["message"].GetString()) == "Gateway y orchestrator funcionando correctamente");

  auto degraded = health_reply(evaluate_health({upstream_failure::not_sent, 0, {}}));
  CHECK(degraded.status == 200);
  d.Parse(degraded.body.c_str());
  CHECK(std::string(d["data"]["status"].GetString()) == "degraded");
  CHECK(std::string(d["data"]["orchestrator"].GetString()) == "unreachable");
  CHECK(std::string(d["message"].GetString()) == "Gateway con problemas en orchestrator");
}
