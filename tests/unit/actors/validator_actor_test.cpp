// The validator actor through its typed interface: each create body it is sent is answered to its sender,
// valid (the orchestrator's canonical body) or refused (the client's 4xx and message).
#include <catch2/catch.hpp>

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include "actor_harness.hpp"
#include "actors/validator.hpp"

using namespace gw;
using namespace gw::test;

namespace {
std::shared_ptr<std::optional<create_verdict>> validate(fixture& f, validator_actor validator,
                                                        std::string content_type, std::string body) {
  auto got = std::make_shared<std::optional<create_verdict>>();
  auto text = std::make_shared<std::pair<std::string, std::string>>(std::move(content_type), std::move(body));
  f.sys.spawn(
      [=](caf::event_based_actor* self, validator_actor to) -> caf::behavior {
        self->send(to, validate_atom::value, create_body{text->first, text->second});
        return {[=](create_verdict& v) {
          *got = std::move(v);
          self->quit();
        }};
      },
      validator);
  f.sched.run();
  return got;
}
}  // namespace

TEST_CASE("validator actor: a valid create is answered with its canonical body, scope and count") {
  fixture f;
  auto validator = f.sys.spawn(gw::validator, apply_create_rules);
  auto got = validate(f, validator, "application/json; charset=utf-8",
                      R"({"count":2,"scope_name":"octo/hello","scope":"repo","labels":["gpu"]})");
  REQUIRE(got->has_value());
  const auto& verdict = **got;
  CHECK(verdict.status == 0);
  CHECK(verdict.count == 2);
  CHECK(verdict.scope == "repo");
  CHECK(verdict.scope_name == "octo/hello");
  CHECK(verdict.canonical_body.find(R"("scope_name":"octo/hello")") != std::string::npos);
  anon_send_exit(validator, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("validator actor: a refused create is answered with the reference's 4xx and message") {
  fixture f;
  auto validator = f.sys.spawn(gw::validator, apply_create_rules);
  auto missing = validate(f, validator, "application/json", R"({"scope":"repo"})");
  REQUIRE(missing->has_value());
  CHECK((*missing)->status == 400);
  CHECK((*missing)->message == "Campo obligatorio faltante: scope_name");
  CHECK((*missing)->canonical_body.empty());
  auto not_json = validate(f, validator, "text/plain", R"({"scope":"repo","scope_name":"a/b"})");
  REQUIRE(not_json->has_value());
  CHECK((*not_json)->status == 415);
  auto broken = validate(f, validator, "application/json", "{\"scope\":");
  REQUIRE(broken->has_value());
  CHECK((*broken)->status == 400);
  anon_send_exit(validator, caf::exit_reason::user_shutdown);
  f.sched.run();
}
