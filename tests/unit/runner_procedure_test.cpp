#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/runner_procedure.hpp"
#include "core/upstream_mapping.hpp"

using namespace gw;

namespace {
const char* two_runners =
    R"([{"runner_id":"gw-m-1","status":"running","container_id":"c1","image":"i","created":"t",)"
    R"("labels":{"scope":"repo"}},{"runner_id":"gw-m-10","status":"running","container_id":"c10",)"
    R"("image":"i","created":"t","labels":null}])";
const char* unknown_shape =
    R"({"runner_id":"x","status":"error","container_id":null,"image":null,"created":null,"labels":null})";

upstream_outcome answered(unsigned status, std::string body) {
  return {upstream_failure::none, status, std::move(body)};
}

rapidjson::Document parsed(const http_reply& reply) {
  rapidjson::Document d;
  d.Parse(reply.body.c_str());
  REQUIRE(d.IsObject());
  return d;
}
}  // namespace

TEST_CASE("status: a real status passes through in one call") {
  runner_procedure p(route_kind::runner_status, "gw-m-1");
  auto first = p.start();
  REQUIRE(first.call);
  CHECK(first.call->target == "/runners/gw-m-1/status");
  auto done = p.next(answered(200, R"({"runner_id":"gw-m-1","status":"running","container_id":"c1"})"));
  REQUIRE(done.reply);
  CHECK(done.reply->status == 200);
}

TEST_CASE("status: the orchestrator's 'unknown' shape is settled by the list") {
  runner_procedure listed(route_kind::runner_status, "gw-m-1");
  listed.start();
  auto list = listed.next(answered(200, unknown_shape));
  REQUIRE(list.call);
  CHECK(list.call->target == "/runners");
  auto found = listed.next(answered(200, two_runners));
  REQUIRE(found.reply);
  CHECK(found.reply->status == 200);
  auto d = parsed(*found.reply);
  CHECK(std::string(d["data"]["runner_id"].GetString()) == "gw-m-1");
  CHECK(std::string(d["data"]["status"].GetString()) == "running");
  CHECK(std::string(d["message"].GetString()) == "Estado obtenido exitosamente");

  runner_procedure unknown(route_kind::runner_status, "gw-m");  // a substring of listed ids is not one
  unknown.start();
  unknown.next(answered(200, unknown_shape));
  auto missing = unknown.next(answered(200, two_runners));
  REQUIRE(missing.reply);
  CHECK(missing.reply->status == 404);
  CHECK(std::string(parsed(*missing.reply)["message"].GetString()) == "Runner no encontrado");

  runner_procedure plain_404(route_kind::runner_status, "nope");
  plain_404.start();
  auto said_404 = plain_404.next(answered(404, R"({"detail":"Runner no encontrado"})"));
  REQUIRE(said_404.reply);
  CHECK(said_404.reply->status == 404);
}

TEST_CASE("destroy: only an id the list shows is deleted; nothing is sent for any other") {
  runner_procedure p(route_kind::destroy_runner, "gw-m-1");
  auto list = p.start();
  REQUIRE(list.call);
  CHECK(list.call->method == "GET");
  CHECK(list.call->target == "/runners");
  auto del = p.next(answered(200, two_runners));
  REQUIRE(del.call);
  CHECK(del.call->method == "DELETE");
  CHECK(del.call->target == "/runners/gw-m-1");
  CHECK(del.call->work == call_work::destroy);
  auto done = p.next(answered(200, R"({"success":true,"message":"Runner gw-m-1 destruido exitosamente"})"));
  REQUIRE(done.reply);
  CHECK(done.reply->status == 200);
  CHECK(parsed(*done.reply)["data"]["destroyed"].GetBool());

  for (const char* id : {"gw-m", "orchestrator", "m-1"}) {
    runner_procedure other(route_kind::destroy_runner, id);
    other.start();
    auto refused = other.next(answered(200, two_runners));
    REQUIRE(refused.reply);
    CHECK(refused.reply->status == 404);
  }
}

TEST_CASE("destroy: a 404 after a lost attempt means gone; a plain 404 stays 404") {
  runner_procedure p(route_kind::destroy_runner, "gw-m-1");
  p.start();
  p.next(answered(200, two_runners));
  auto after_lost = answered(404, R"({"detail":"Runner no encontrado o no se pudo destruir"})");
  after_lost.earlier_attempt_lost = true;
  auto done = p.next(after_lost);
  REQUIRE(done.reply);
  CHECK(done.reply->status == 200);
  CHECK(parsed(*done.reply)["data"]["destroyed"].GetBool());

  runner_procedure q(route_kind::destroy_runner, "gw-m-1");
  q.start();
  q.next(answered(200, two_runners));
  auto plain = q.next(answered(404, R"({"detail":"Runner no encontrado o no se pudo destruir"})"));
  REQUIRE(plain.reply);
  CHECK(plain.reply->status == 404);
}

TEST_CASE("destroy: a list that fails answers as the route would") {
  runner_procedure p(route_kind::destroy_runner, "gw-m-1");
  p.start();
  auto failed = p.next({upstream_failure::timeout, 0, {}});
  REQUIRE(failed.reply);
  CHECK(failed.reply->status == 504);
  runner_procedure q(route_kind::destroy_runner, "gw-m-1");
  q.start();
  auto garbage = q.next(answered(200, "not json"));
  REQUIRE(garbage.reply);
  CHECK(garbage.reply->status == 502);
}

TEST_CASE("cleanup: the ids really cleaned come from the lists before and after") {
  runner_procedure p(route_kind::cleanup_runners, {});
  auto before = p.start();
  REQUIRE(before.call);
  CHECK(before.call->target == "/runners");
  auto cleanup = p.next(answered(200, two_runners));
  REQUIRE(cleanup.call);
  CHECK(cleanup.call->target == "/runners/cleanup");
  CHECK(cleanup.call->runners == 2);  // sizes its budget
  auto after =
      p.next(answered(200, R"({"success":true,"message":"Limpiados 1 runners","data":{"cleaned_count":1}})"));
  REQUIRE(after.call);
  CHECK(after.call->target == "/runners");
  auto done = p.next(answered(200, R"([{"runner_id":"gw-m-10"},{"runner_id":"gw-m-new"}])"));
  REQUIRE(done.reply);
  auto d = parsed(*done.reply);
  CHECK(d["data"]["cleaned_count"].GetInt() == 1);
  REQUIRE(d["data"]["cleaned_runners"].Size() == 1);
  CHECK(std::string(d["data"]["cleaned_runners"][0].GetString()) == "gw-m-1");
}

TEST_CASE("cleanup: ids the orchestrator names itself are used as they are; no list after") {
  runner_procedure p(route_kind::cleanup_runners, {});
  p.start();
  p.next(answered(200, "[]"));
  auto done = p.next(answered(
      200, R"({"success":true,"data":{"cleaned_count":2,"cleaned_runners":["runner-a","runner-b"]}})"));
  REQUIRE(done.reply);
  auto d = parsed(*done.reply);
  CHECK(d["data"]["cleaned_count"].GetInt() == 2);
  CHECK(d["data"]["cleaned_runners"].Size() == 2);
}

TEST_CASE("cleanup: when the list after cannot be read, the count comes without ids, never an empty list") {
  runner_procedure p(route_kind::cleanup_runners, {});
  p.start();
  p.next(answered(200, two_runners));
  p.next(answered(200, R"({"success":true,"data":{"cleaned_count":2}})"));
  auto done = p.next({upstream_failure::timeout, 0, {}});
  REQUIRE(done.reply);
  CHECK(done.reply->status == 200);
  auto d = parsed(*done.reply);
  CHECK(d["data"]["cleaned_count"].GetInt() == 2);
  CHECK(d["data"]["cleaned_runners"].IsNull());
  CHECK(std::string(d["message"].GetString()) ==
        "Limpieza completada; no se pudo obtener la lista de runners limpiados");
}

TEST_CASE("create: one call, sized by its count; a timeout says the runners may still come") {
  runner_procedure p(route_kind::create_runners, {}, R"({"scope":"repo"})", 3);
  auto call = p.start();
  REQUIRE(call.call);
  CHECK(call.call->work == call_work::create);
  CHECK(call.call->runners == 3);
  CHECK(call.call->body == R"({"scope":"repo"})");
  auto done = p.next({upstream_failure::timeout, 0, {}});
  REQUIRE(done.reply);
  CHECK(done.reply->status == 504);
  CHECK(std::string(parsed(*done.reply)["message"].GetString()).find("pueden crearse igualmente") !=
        std::string::npos);
}

TEST_CASE("a fail-fast 503 says no attempt was made; retries exhausted keep the reference's words") {
  auto fast = reply_for_outcome(route_kind::list_runners, {}, {upstream_failure::fail_fast, 0, {}});
  CHECK(fast.status == 503);
  CHECK(std::string(parsed(fast)["message"].GetString()).find("no se envió") != std::string::npos);
  auto tried = reply_for_outcome(route_kind::list_runners, {}, {upstream_failure::not_sent, 0, {}});
  CHECK(std::string(parsed(tried)["message"].GetString()) ==
        "Orquestador no disponible después de múltiples intentos");
}
