#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <string>

#include "core/protocol/envelope.hpp"
#include "core/protocol/openapi_document.hpp"
#include "core/protocol/routes.hpp"
#include "core/protocol/version.hpp"

namespace {
rapidjson::Document parsed_document() {
  rapidjson::Document doc;
  auto text = gw::openapi_document();
  doc.Parse(text.data(), text.size());
  REQUIRE_FALSE(doc.HasParseError());
  REQUIRE(doc.IsObject());
  return doc;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const rapidjson::Value* operation(const rapidjson::Document& doc, std::string_view path,
                                  std::string_view method) {
  const auto& paths = doc["paths"];
  auto p = paths.FindMember(std::string(path).c_str());
  if (p == paths.MemberEnd()) return nullptr;
  auto op = p->value.FindMember(lower(method).c_str());
  return op == p->value.MemberEnd() ? nullptr : &op->value;
}

void collect_refs(const rapidjson::Value& v, std::set<std::string>& refs) {
  if (v.IsObject()) {
    for (auto& m : v.GetObject()) {
      if (std::string(m.name.GetString()) == "$ref" && m.value.IsString()) refs.insert(m.value.GetString());
      collect_refs(m.value, refs);
    }
  } else if (v.IsArray()) {
    for (auto& e : v.GetArray()) collect_refs(e, refs);
  }
}
}  // namespace

TEST_CASE("the OpenAPI document is OpenAPI 3 with the gateway's version") {
  auto doc = parsed_document();
  CHECK(std::string(doc["openapi"].GetString()).rfind("3.0.", 0) == 0);
  CHECK(std::string(doc["info"]["title"].GetString()) == "GHA API Gateway");
  CHECK(std::string(doc["info"]["version"].GetString()) == gw::version());
  REQUIRE(doc["paths"].IsObject());
  REQUIRE(doc["components"]["schemas"].IsObject());
}

TEST_CASE("every route the gateway serves is in the OpenAPI document, and nothing else is") {
  auto doc = parsed_document();
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& route : gw::served_routes()) {
    INFO(route.method << " " << route.path);
    CHECK(operation(doc, route.path, route.method) != nullptr);
    served.emplace(std::string(route.path), lower(route.method));
    // The router really serves it: with a sample id it matches neither 404 nor 405.
    std::string target(route.path);
    if (auto at = target.find("{runner_id}"); at != std::string::npos)
      target.replace(at, 11, "runner-abc123");
    auto kind = gw::match_route(route.method, target).kind;
    CHECK(kind != gw::route_kind::not_found);
    CHECK(kind != gw::route_kind::method_not_allowed);
  }
  for (auto& path : doc["paths"].GetObject())
    for (auto& op : path.value.GetObject()) {
      std::string method = op.name.GetString();
      if (method == "parameters") continue;
      INFO(method << " " << path.name.GetString());
      CHECK(served.count({path.name.GetString(), method}) == 1);
    }
}

TEST_CASE("every operation documents its answers with examples, and forwarded ones their upstream errors") {
  auto doc = parsed_document();
  for (const auto& route : gw::served_routes()) {
    INFO(route.method << " " << route.path);
    const auto* op = operation(doc, route.path, route.method);
    REQUIRE(op);
    CHECK(op->HasMember("summary"));
    CHECK(op->HasMember("operationId"));
    REQUIRE(op->HasMember("responses"));
    const auto& responses = (*op)["responses"];
    REQUIRE(responses.HasMember("200"));
    if (std::string_view(route.path).rfind("/api/v1/runners", 0) == 0) {
      for (const char* code : {"401", "429", "500", "502", "503", "504"}) {
        INFO(code);
        CHECK(responses.HasMember(code));
      }
      const auto& ok = responses["200"]["content"]["application/json"];
      CHECK(ok.HasMember("example"));
      CHECK(ok.HasMember("schema"));
    }
  }
  CHECK(operation(doc, "/api/v1/runners", "POST")->operator[]("responses").HasMember("400"));
  CHECK(operation(doc, "/api/v1/runners/{runner_id}", "GET")->operator[]("responses").HasMember("404"));
}

TEST_CASE("every $ref in the OpenAPI document resolves") {
  auto doc = parsed_document();
  std::set<std::string> refs;
  collect_refs(doc, refs);
  CHECK(refs.size() > 10);
  for (const auto& ref : refs) {
    INFO(ref);
    REQUIRE(ref.rfind("#/", 0) == 0);
    CHECK(rapidjson::Pointer(ref.substr(1).c_str()).Get(doc) != nullptr);
  }
}

TEST_CASE("the documented error examples are the gateway's verbatim messages") {
  auto text = std::string(gw::openapi_document());
  for (const char* message :
       {"Campo obligatorio faltante: scope", "Para scope='repo', scope_name debe tener formato owner/repo",
        "Runner no encontrado", "Orquestador no disponible después de múltiples intentos",
        "Timeout del orquestador después de múltiples intentos", "Respuesta inválida del orquestador",
        "Gateway y orchestrator funcionando correctamente", "Gateway con problemas en orchestrator"}) {
    INFO(message);
    CHECK(text.find(message) != std::string::npos);
  }
}

TEST_CASE("the OpenAPI document states the grants: 403 with the gateway's words, trace headers") {
  auto doc = parsed_document();
  auto example_message = [&](const char* response, const char* example) {
    const auto& r = doc["components"]["responses"][response];
    return std::string(r["content"]["application/json"]["examples"][example]["value"]["message"].GetString());
  };
  CHECK(example_message("ForbiddenCleanup", "sin_permiso_total") == gw::messages::cleanup_forbidden);
  CHECK(example_message("ForbiddenScope", "fuera_de_permisos")
            .rfind(std::string(gw::messages::scope_forbidden_prefix), 0) == 0);
  CHECK(std::string((*operation(doc, "/api/v1/runners", "POST"))["responses"]["403"]["$ref"].GetString()) ==
        "#/components/responses/ForbiddenScope");
  CHECK(std::string(
            (*operation(doc, "/api/v1/runners/cleanup", "POST"))["responses"]["403"]["$ref"].GetString()) ==
        "#/components/responses/ForbiddenCleanup");
  std::string scheme = doc["components"]["securitySchemes"]["bearerAuth"]["description"].GetString();
  for (const char* word : {"repo:OWNER/REPO", "org:NOMBRE", "`*`", "sha256:"})
    CHECK(scheme.find(word) != std::string::npos);
  for (auto [path, method] : {std::pair{"/api/v1/runners", "GET"},
                              {"/api/v1/runners", "POST"},
                              {"/api/v1/runners/{runner_id}", "GET"},
                              {"/api/v1/runners/{runner_id}", "DELETE"},
                              {"/api/v1/runners/cleanup", "POST"}}) {
    std::set<std::string> refs;
    collect_refs((*operation(doc, path, method))["parameters"], refs);
    CHECK(refs.count("#/components/parameters/traceparent"));
    CHECK(refs.count("#/components/parameters/tracestate"));
  }
}

TEST_CASE("the OpenAPI document states idempotent creates with the gateway's words") {
  auto doc = parsed_document();
  const auto& create = *operation(doc, "/api/v1/runners", "POST");
  std::set<std::string> refs;
  collect_refs(create["parameters"], refs);
  CHECK(refs.count("#/components/parameters/Idempotency-Key"));
  CHECK(create["responses"]["200"]["headers"].HasMember("Idempotent-Replayed"));
  auto example_message = [&](const char* response, const char* example) {
    const auto& r = doc["components"]["responses"][response];
    return std::string(r["content"]["application/json"]["examples"][example]["value"]["message"].GetString());
  };
  CHECK(example_message("IdempotencyInFlight", "en_curso") == gw::messages::idempotency_in_flight);
  CHECK(example_message("IdempotencyKeyReused", "otra_solicitud") == gw::messages::idempotency_key_reused);
  CHECK(std::string(create["responses"]["409"]["$ref"].GetString()) ==
        "#/components/responses/IdempotencyInFlight");
  CHECK(std::string(create["responses"]["422"]["$ref"].GetString()) ==
        "#/components/responses/IdempotencyKeyReused");
  // With REDIS_URL, a create under a key while Redis does not answer: 503 (fail closed).
  CHECK(std::string(create["responses"]["503"]["$ref"].GetString()) ==
        "#/components/responses/CreateServiceUnavailable");
  CHECK(example_message("CreateServiceUnavailable", "almacen_no_disponible") ==
        gw::messages::idempotency_store_unavailable);
}
