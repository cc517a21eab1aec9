#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/runners/runner_lists.hpp"
#include "core/runners/upstream_answers.hpp"
#include "core/runners/upstream_calls.hpp"

using namespace gw;

namespace {
rapidjson::Document parse(const http_reply& r) {
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  REQUIRE(d.IsObject());
  return d;
}
std::string str(const rapidjson::Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}
upstream_outcome ok(std::string body) {
  return {upstream_failure::none, 200, std::move(body)};
}
}  // namespace

TEST_CASE("routes map onto the orchestrator's routes") {
  CHECK(upstream_call_for(route_kind::create_runners, "", "{}").target == "/runners/create");
  CHECK(upstream_call_for(route_kind::create_runners, "", "{}").retry == retry_class::create);
  CHECK(upstream_call_for(route_kind::list_runners, "", "").target == "/runners");
  CHECK(upstream_call_for(route_kind::runner_status, "r1", "").target == "/runners/r1/status");
  CHECK(upstream_call_for(route_kind::destroy_runner, "r1", "").method == "DELETE");
  CHECK(upstream_call_for(route_kind::destroy_runner, "r1", "").target == "/runners/r1");
  CHECK(upstream_call_for(route_kind::cleanup_runners, "", "").method == "POST");
  CHECK(upstream_call_for(route_kind::cleanup_runners, "", "").retry == retry_class::idempotent);
}

TEST_CASE("create and list count the orchestrator's array") {
  auto created =
      reply_for_outcome(route_kind::create_runners, "",
                        ok(R"([{"runner_id":"a","status":"creating","message":"m"},{"runner_id":"b"}])"));
  auto d = parse(created);
  CHECK(str(d["message"]) == "Creados 2 runners exitosamente");
  CHECK(d["data"].Size() == 2);
  auto listed = reply_for_outcome(route_kind::list_runners, "", ok(" []\n"));
  CHECK(str(parse(listed)["message"]) == "Listados 0 runners activos");
}

TEST_CASE("status passes the runner through; 404 is Runner no encontrado") {
  auto d = parse(
      reply_for_outcome(route_kind::runner_status, "r1", ok(R"({"runner_id":"r1","status":"running"})")));
  CHECK(str(d["message"]) == "Estado obtenido exitosamente");
  CHECK(str(d["data"]["status"]) == "running");
  auto missing =
      reply_for_outcome(route_kind::runner_status, "r1", {upstream_failure::none, 404, R"({"detail":"x"})"});
  CHECK(missing.status == 404);
  CHECK(str(parse(missing)["message"]) == "Runner no encontrado");
}

TEST_CASE("destroy shapes data as the contract says") {
  auto d = parse(reply_for_outcome(route_kind::destroy_runner, "r1",
                                   ok(R"({"success":true,"message":"Runner r1 destruido exitosamente"})")));
  CHECK(str(d["message"]) == "Runner r1 destruido exitosamente");
  CHECK(str(d["data"]["runner_id"]) == "r1");
  CHECK(d["data"]["destroyed"].GetBool());
  CHECK(str(d["data"]["message"]) == "Runner r1 destruido exitosamente");
  auto plain = parse(reply_for_outcome(route_kind::destroy_runner, "r1", ok("{}")));
  CHECK(str(plain["data"]["message"]) == "Runner destruido exitosamente");
}

TEST_CASE("cleanup: count and ids wherever the orchestrator puts them") {
  auto d = parse(reply_for_outcome(
      route_kind::cleanup_runners, "",
      ok(R"({"success":true,"message":"Limpiados 2 runners","data":{"cleaned_count":2}})")));
  CHECK(str(d["message"]) == "Limpieza completada exitosamente");
  CHECK(d["data"]["cleaned_count"].GetInt() == 2);
  CHECK(d["data"]["cleaned_runners"].IsArray());
  CHECK(d["data"]["cleaned_runners"].Size() == 0);
  auto listed = parse(reply_for_outcome(route_kind::cleanup_runners, "",
                                        ok(R"({"data":{"cleaned_count":1,"cleaned_runners":["r9"]}})")));
  CHECK(str(listed["data"]["cleaned_runners"][0]) == "r9");
}

TEST_CASE("errors: pass-through detail, 502 for bad bodies, 503/504 after retries") {
  auto passed = reply_for_outcome(route_kind::create_runners, "",
                                  {upstream_failure::none, 500, R"({"detail":"Docker falló"})"});
  CHECK(passed.status == 500);
  CHECK(str(parse(passed)["message"]) == "Docker falló");
  auto no_detail = reply_for_outcome(route_kind::list_runners, "", {upstream_failure::none, 503, "<html>"});
  CHECK(no_detail.status == 503);
  CHECK(reply_for_outcome(route_kind::list_runners, "", ok("not json")).status == 502);
  CHECK(reply_for_outcome(route_kind::list_runners, "", ok(R"({"a":1})")).status == 502);
  auto timeout = reply_for_outcome(route_kind::list_runners, "", {upstream_failure::timeout, 0, {}});
  CHECK(timeout.status == 504);
  CHECK(str(parse(timeout)["message"]) == "Timeout del orquestador después de múltiples intentos");
  auto down = reply_for_outcome(route_kind::list_runners, "", {upstream_failure::not_sent, 0, {}});
  CHECK(down.status == 503);
  CHECK(str(parse(down)["message"]) == "Orquestador no disponible después de múltiples intentos");
  CHECK(reply_for_outcome(route_kind::list_runners, "", {upstream_failure::fail_fast, 0, {}}).status == 503);
}
