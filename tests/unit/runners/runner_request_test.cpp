#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/runners/runner_request.hpp"

using gw::validate_runner_request;

namespace {
std::string message_of(const std::string& body) {
  auto r = validate_runner_request(body);
  REQUIRE_FALSE(r.ok);
  return r.message;
}
}  // namespace

TEST_CASE("a valid repo request is rebuilt from validated fields only") {
  auto r = validate_runner_request(
      R"({"scope":"repo","scope_name":"myorg/my.repo_1","runner_name":"r-01","labels":["linux","x64"],)"
      R"("count":2,"enable_dind":true,"extra":{"a":1}})");
  REQUIRE(r.ok);
  CHECK(r.canonical_body ==
        R"({"scope":"repo","scope_name":"myorg/my.repo_1","runner_name":"r-01","runner_group":null,)"
        R"("labels":["linux","x64"],"count":2})");
}

TEST_CASE("defaults: count 1, optional fields null") {
  auto r = validate_runner_request(R"({"scope":"org","scope_name":"my-org"})");
  REQUIRE(r.ok);
  CHECK(
      r.canonical_body ==
      R"({"scope":"org","scope_name":"my-org","runner_name":null,"runner_group":null,"labels":null,"count":1})");
}

TEST_CASE("body must be a JSON object") {
  for (const char* body : {"", "[]", "\"x\"", "12", "null", "{", "{\"scope\":\"repo\"} x", "\xff", "{}}"})
    CHECK(message_of(body) == "El cuerpo debe ser un objeto JSON válido");
}

TEST_CASE("deep nesting and invalid UTF-8 are rejected without crashing") {
  std::string deep(100000, '[');
  CHECK(message_of(deep) == "El cuerpo debe ser un objeto JSON válido");
  std::string nested = "{\"scope\":" + std::string(40, '[') + std::string(40, ']') + "}";
  CHECK(message_of(nested) == "El cuerpo debe ser un objeto JSON válido");
  CHECK(message_of("{\"scope\":\"re\xC3\x28po\",\"scope_name\":\"a/b\"}") ==
        "El cuerpo debe ser un objeto JSON válido");
}

TEST_CASE("required fields in order: scope then scope_name") {
  CHECK(message_of(R"({"scope_name":"myorg/myrepo"})") == "Campo obligatorio faltante: scope");
  CHECK(message_of(R"({})") == "Campo obligatorio faltante: scope");
  CHECK(message_of(R"({"scope":null,"scope_name":"a/b"})") == "Campo obligatorio faltante: scope");
  CHECK(message_of(R"({"scope":"repo"})") == "Campo obligatorio faltante: scope_name");
  CHECK(message_of(R"({"scope":"bogus","scope_name":null})") == "Campo obligatorio faltante: scope_name");
}

TEST_CASE("scope must be repo or org") {
  CHECK(message_of(R"({"scope":"user","scope_name":"a/b"})") == "Scope debe ser 'repo' u 'org'");
  CHECK(message_of(R"({"scope":"REPO","scope_name":"a/b"})") == "Scope debe ser 'repo' u 'org'");
  CHECK(message_of(R"({"scope":1,"scope_name":"a/b"})") == "Scope debe ser 'repo' u 'org'");
}

TEST_CASE("repo scope_name is owner/repo under GitHub's rules") {
  const std::string repo_msg = "Para scope='repo', scope_name debe tener formato owner/repo";
  for (const char* name : {"myorg", "a/b/c", "/repo", "owner/", "-owner/repo", "owner-/repo", "ow ner/repo",
                           "owner/..", "owner/.", "owner/re po", "ow_ner/repo", "owner/repo\n"})
    CHECK(message_of(std::string(R"({"scope":"repo","scope_name":")") + name + "\"}").substr(0) ==
          (std::string(name) == "owner/repo\n" ? "El cuerpo debe ser un objeto JSON válido" : repo_msg));
  CHECK(message_of(R"({"scope":"repo","scope_name":5})") == repo_msg);
  CHECK(message_of(R"({"scope":"repo","scope_name":"owner/repo\n"})") == repo_msg);
  std::string long_owner(40, 'a');
  CHECK(message_of(R"({"scope":"repo","scope_name":")" + long_owner + R"(/r"})") == repo_msg);
  CHECK(validate_runner_request(R"({"scope":"repo","scope_name":"a/.github"})").ok);
}

TEST_CASE("org scope_name is a GitHub organisation name") {
  const std::string org_msg = "Para scope='org', scope_name debe ser un nombre de organización válido";
  CHECK(message_of(R"({"scope":"org","scope_name":"my/org"})") == org_msg);
  CHECK(message_of(R"({"scope":"org","scope_name":""})") == org_msg);
  CHECK(message_of(R"({"scope":"org","scope_name":["x"]})") == org_msg);
  CHECK(validate_runner_request(R"({"scope":"org","scope_name":"Org-123"})").ok);
}

TEST_CASE("count is a JSON integer between 1 and 10") {
  const std::string msg = "Count debe ser un entero entre 1 y 10";
  for (const char* count :
       {"0", "11", "-1", "1.0", "2.5", "\"2\"", "true", "null", "1e1", "99999999999999999999"})
    CHECK(message_of(std::string(R"({"scope":"org","scope_name":"o","count":)") + count + "}") == msg);
  CHECK(validate_runner_request(R"({"scope":"org","scope_name":"o","count":10})").ok);
}

TEST_CASE("labels are a list of non-blank strings") {
  CHECK(message_of(R"({"scope":"org","scope_name":"o","labels":"linux"})") == "Labels debe ser una lista");
  CHECK(message_of(R"({"scope":"org","scope_name":"o","labels":{"a":1}})") == "Labels debe ser una lista");
  CHECK(message_of(R"({"scope":"org","scope_name":"o","labels":["ok",""]})") ==
        "Cada label debe ser una cadena no vacía");
  CHECK(message_of(R"({"scope":"org","scope_name":"o","labels":["  "]})") ==
        "Cada label debe ser una cadena no vacía");
  CHECK(message_of(R"({"scope":"org","scope_name":"o","labels":[1]})") ==
        "Cada label debe ser una cadena no vacía");
  CHECK(message_of(R"({"scope":"org","scope_name":"o","labels":["a,b"]})").rfind("Labels admite", 0) == 0);
  CHECK(validate_runner_request(R"({"scope":"org","scope_name":"o","labels":[]})").ok);
  CHECK(validate_runner_request(R"({"scope":"org","scope_name":"o","labels":null})").ok);
}

TEST_CASE("runner_name and runner_group limits") {
  CHECK(message_of(R"({"scope":"org","scope_name":"o","runner_name":5})").rfind("runner_name", 0) == 0);
  CHECK(message_of(R"({"scope":"org","scope_name":"o","runner_name":"bad name"})").rfind("runner_name", 0) ==
        0);
  std::string long_name(65, 'a');
  CHECK(message_of(R"({"scope":"org","scope_name":"o","runner_name":")" + long_name + "\"}")
            .rfind("runner_name", 0) == 0);
  CHECK(message_of(R"({"scope":"org","scope_name":"o","runner_group":""})").rfind("runner_group", 0) == 0);
  CHECK(message_of(R"({"scope":"org","scope_name":"o","runner_group":"a\u0001"})").rfind("runner_group", 0) ==
        0);
  CHECK(validate_runner_request(R"({"scope":"org","scope_name":"o","runner_group":"Default group"})").ok);
}

TEST_CASE("duplicate keys are rejected rather than silently resolved") {
  CHECK(message_of(R"({"scope":"org","scope":"repo","scope_name":"o"})") == "Campo duplicado: scope");
}

TEST_CASE("escapes in strings survive into the canonical body as valid JSON") {
  auto r = validate_runner_request(R"({"scope":"org","scope_name":"o","runner_group":"g\"q\u00e9"})");
  REQUIRE(r.ok);
  rapidjson::Document d;
  d.Parse(r.canonical_body.c_str());
  REQUIRE(d.IsObject());
  CHECK(std::string(d["runner_group"].GetString()) == "g\"q\xC3\xA9");
}
