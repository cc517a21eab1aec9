#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/access/key_grants.hpp"
#include "core/protocol/runner_id.hpp"
#include "core/runners/runner_lists.hpp"
#include "core/runners/runner_procedure.hpp"
#include "core/runners/upstream_answers.hpp"
#include "core/runners/upstream_calls.hpp"

using namespace gw;

namespace {
const char* two_runners =
    R"([{"runner_id":"gw-m-1","status":"running","container_id":"c1","image":"i","created":"t",)"
    R"("labels":{"scope":"repo"}},{"runner_id":"gw-m-2","status":"running","container_id":"c2",)"
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

TEST_CASE("destroy: never an id that the orchestrator's name filter finds in another listed runner's name") {
  // After an orchestrator restart, DELETE /runners/gw-m removes the newest container whose name contains it.
  const char* tenants = R"([{"runner_id":"gw-m","labels":{"scope":"repo","scope_name":"a/x"}},)"
                        R"({"runner_id":"gw-m-3","labels":{"scope":"repo","scope_name":"b/y"}},)"
                        R"({"runner_id":"gw-m-4","labels":{"scope":"repo","scope_name":"b/y"}},)"
                        R"({"runner_id":"web1","labels":{"scope":"repo","scope_name":"a/x"}}])";
  for (const char* id : {"gw-m", "gw.m", "web1"}) {
    INFO(id);
    runner_procedure p(route_kind::destroy_runner, id);
    p.start();
    auto listed = R"([{"runner_id":")" + std::string(id) + R"(","labels":null},)" + (tenants + 1);
    auto step = p.next(answered(200, listed));
    if (std::string(id) == "web1") {  // found in no other name: sent
      CHECK(step.call);
      continue;
    }
    REQUIRE(step.reply);
    CHECK(step.reply->status == 409);
    CHECK(
        std::string(parsed(*step.reply)["message"].GetString()) ==
        "ID de runner ambiguo: el orquestador podría destruir otro contenedor cuyo nombre lo contiene; no se "
        "envió nada");
  }
  // Docker's filter is a regular expression: '.' is any character.
  CHECK(name_filter_finds("gw.m", "gw-m-3"));
  CHECK(name_filter_finds("m-3", "gw-m-3"));
  CHECK(name_filter_finds("gw-m-3", "gw-m-3"));
  CHECK_FALSE(name_filter_finds("gw-m-3", "gw-m-"));
  CHECK_FALSE(name_filter_finds("gw_m", "gw-m-3"));
  CHECK_FALSE(name_filter_finds("gw-m-30", "gw-m-3"));
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
  auto done = p.next(answered(200, R"([{"runner_id":"gw-m-2"},{"runner_id":"gw-m-new"}])"));
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
  runner_procedure p(route_kind::create_runners, {}, {R"({"scope":"repo"})", 3, "repo", "o/r"});
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

namespace {
grant_set acme_only() {
  return grant_set({*parse_grant("repo:acme/*")});
}
const char* tenants_list =
    R"([{"runner_id":"a-1","status":"running","labels":{"scope":"repo","scope_name":"acme/web"}},)"
    R"({"runner_id":"b-1","status":"running","labels":{"scope":"repo","scope_name":"beta/app"}},)"
    R"({"runner_id":"n-1","status":"running","labels":null}])";
}  // namespace

TEST_CASE("grants: a create outside them and a scoped key's cleanup are 403, with nothing sent") {
  auto grants = acme_only();
  runner_procedure outside(route_kind::create_runners, {}, {"{}", 1, "repo", "beta/app"}, &grants);
  auto refused = outside.start();
  REQUIRE(refused.reply);
  CHECK(refused.reply->status == 403);
  CHECK(std::string(parsed(*refused.reply)["message"].GetString()) ==
        "La clave de API no tiene permiso sobre repo:beta/app");
  CHECK(outside.refused_by_grants());
  CHECK(outside.runner_scope() == "repo:beta/app");

  runner_procedure inside(route_kind::create_runners, {}, {"{}", 1, "repo", "ACME/Web"}, &grants);
  auto sent = inside.start();
  REQUIRE(sent.call);
  CHECK_FALSE(inside.refused_by_grants());

  runner_procedure cleanup(route_kind::cleanup_runners, {}, {}, &grants);
  auto no = cleanup.start();
  REQUIRE(no.reply);
  CHECK(no.reply->status == 403);
  CHECK(std::string(parsed(*no.reply)["message"].GetString()) ==
        "La limpieza de runners requiere una clave de API con permiso sobre todo ('*')");
  grant_set everything;
  runner_procedure admin_cleanup(route_kind::cleanup_runners, {}, {}, &everything);
  CHECK(admin_cleanup.start().call);
}

TEST_CASE("grants: the list shows only covered runners and counts them") {
  auto grants = acme_only();
  runner_procedure p(route_kind::list_runners, {}, {}, &grants);
  REQUIRE(p.start().call);
  auto done = p.next(answered(200, tenants_list));
  REQUIRE(done.reply);
  CHECK(done.reply->status == 200);
  auto d = parsed(*done.reply);
  REQUIRE(d["data"].IsArray());
  REQUIRE(d["data"].Size() == 1);
  CHECK(std::string(d["data"][0]["runner_id"].GetString()) == "a-1");
  CHECK(std::string(d["message"].GetString()) == "Listados 1 runners activos");
  // An orchestrator error or a body that is no list is answered as without grants.
  runner_procedure q(route_kind::list_runners, {}, {}, &grants);
  q.start();
  CHECK(q.next(answered(200, "{}")).reply->status == 502);
  runner_procedure r(route_kind::list_runners, {}, {}, &grants);
  r.start();
  CHECK(r.next(answered(500, R"({"detail":"x"})")).reply->status == 500);
}

TEST_CASE("grants: a runner outside them is an unknown runner to status and destroy") {
  auto grants = acme_only();
  runner_procedure other(route_kind::runner_status, "b-1", {}, &grants);
  other.start();
  auto hidden = other.next(answered(200, R"({"runner_id":"b-1","status":"running","container_id":"c",)"
                                         R"("labels":{"scope":"repo","scope_name":"beta/app"}})"));
  REQUIRE(hidden.reply);
  CHECK(hidden.reply->status == 404);
  CHECK(std::string(parsed(*hidden.reply)["message"].GetString()) == "Runner no encontrado");
  CHECK(other.refused_by_grants());

  runner_procedure own(route_kind::runner_status, "a-1", {}, &grants);
  own.start();
  CHECK(own.next(answered(200, R"({"runner_id":"a-1","status":"running","container_id":"c",)"
                               R"("labels":{"scope":"repo","scope_name":"acme/web"}})"))
            .reply->status == 200);

  // The real orchestrator's "unknown" status: the list entry's labels decide.
  runner_procedure via_list(route_kind::runner_status, "n-1", {}, &grants);
  via_list.start();
  REQUIRE(via_list.next(answered(200, unknown_shape)).call);
  CHECK(via_list.next(answered(200, tenants_list)).reply->status == 404);

  runner_procedure destroy_other(route_kind::destroy_runner, "b-1", {}, &grants);
  destroy_other.start();
  auto not_sent = destroy_other.next(answered(200, tenants_list));
  REQUIRE(not_sent.reply);  // no DELETE
  CHECK(not_sent.reply->status == 404);
  CHECK(destroy_other.refused_by_grants());
  CHECK(destroy_other.runner_scope() == "repo:beta/app");

  runner_procedure destroy_own(route_kind::destroy_runner, "a-1", {}, &grants);
  destroy_own.start();
  auto sent = destroy_own.next(answered(200, tenants_list));
  REQUIRE(sent.call);
  CHECK(sent.call->method == "DELETE");
  CHECK(destroy_own.runner_scope() == "repo:acme/web");
}
