#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/health_state.hpp"

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

TEST_CASE("no answer is unreachable") {
  for (auto f : {upstream_failure::not_sent, upstream_failure::transport, upstream_failure::timeout}) {
    auto s = evaluate_health({f, 0, {}});
    CHECK(s.orchestrator == "unreachable");
    CHECK_FALSE(s.reachable);
  }
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
