// Idempotent creates with the in-process store (issue 14, one replica): Idempotency-Key sent twice starts
// runners once; a different request under the same key is 422; a concurrent one 409; an answer that
// created nothing is not kept.
#include <catch2/catch.hpp>

#include <future>

#include "harness.hpp"

using namespace harness;

namespace {
const std::string create_one = R"({"scope":"repo","scope_name":"acme/web","count":1})";

headers with_key(const std::string& key, const std::string& bearer = {}) {
  headers h{{"Content-Type", "application/json"}, {"Idempotency-Key", key}};
  if (!bearer.empty()) h.emplace_back("Authorization", "Bearer " + bearer);
  return h;
}
}  // namespace

TEST_CASE("idempotency: the same key and request start runners once and get the same answer again") {
  simulator sim;
  gateway gw(sim.port());
  auto first = gw.post("/api/v1/runners", create_one, with_key("order-1"));
  REQUIRE(first.status == 200);
  CHECK(first.header("idempotent-replayed").empty());
  // The same request, whitespace and member order aside (the validated form is compared).
  auto again = gw.post("/api/v1/runners", R"({ "count": 1, "scope_name": "acme/web", "scope": "repo" })",
                       with_key("\"order-1\""));
  CHECK(again.status == 200);
  CHECK(again.header("idempotent-replayed") == "true");
  CHECK(again.body == first.body);
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);

  auto other = gw.post("/api/v1/runners", R"({"scope":"repo","scope_name":"acme/web","count":2})",
                       with_key("order-1"));
  CHECK(other.status == 422);
  CHECK(json_string(other.body, "/message") == "Idempotency-Key ya usada con una solicitud distinta");
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);

  // Without the header, creates behave as before; a malformed key is a 400.
  CHECK(gw.post("/api/v1/runners", create_one).status == 200);
  CHECK(gw.post("/api/v1/runners", create_one).status == 200);
  auto malformed = gw.post("/api/v1/runners", create_one, with_key(std::string(256, 'k')));
  CHECK(malformed.status == 400);
  CHECK(json_string(malformed.body, "/message") ==
        "Idempotency-Key debe tener entre 1 y 255 caracteres ASCII imprimibles");
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 3);
}

TEST_CASE("idempotency: while the first is in flight the same key gets 409 with Retry-After") {
  simulator sim;
  gateway gw(sim.port(), {{"ORCHESTRATOR_TIMEOUT_SECONDS", "5"}});
  sim.add_fault(R"({"kind":"latency","latency_ms":1000,"path":"/runners/create","times":1})");
  auto first = std::async(std::launch::async,
                          [&] { return gw.post("/api/v1/runners", create_one, with_key("slow")); });
  REQUIRE(wait_until([&] { return count_requests(sim.requests(), "POST", "/runners/create") == 1; }, 5s));
  auto busy = gw.post("/api/v1/runners", create_one, with_key("slow"));
  CHECK(busy.status == 409);
  CHECK(busy.header("retry-after") == "1");
  CHECK(first.get().status == 200);
  CHECK(gw.post("/api/v1/runners", create_one, with_key("slow")).header("idempotent-replayed") == "true");
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
}

TEST_CASE("idempotency: an answer that created nothing is not kept; keys are per caller") {
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS", "team-a-key,team-b-key"}});
  sim.stop();
  auto refused = gw.post("/api/v1/runners", create_one, with_key("k", "team-a-key"));
  CHECK(refused.status == 503);  // never delivered (refused, or failed fast once the monitor knows)
  sim.restart();
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  auto retried = gw.post("/api/v1/runners", create_one, with_key("k", "team-a-key"));
  CHECK(retried.status == 200);
  CHECK(retried.header("idempotent-replayed").empty());
  // Another caller's same key is its own.
  auto other_caller = gw.post("/api/v1/runners", create_one, with_key("k", "team-b-key"));
  CHECK(other_caller.status == 200);
  CHECK(other_caller.header("idempotent-replayed").empty());
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 2);
  // A 400 is not kept either: the corrected body goes through under the same key.
  CHECK(gw.post("/api/v1/runners", R"({"scope":"repo"})", with_key("fix-me", "team-a-key")).status == 400);
  CHECK(gw.post("/api/v1/runners", create_one, with_key("fix-me", "team-a-key")).status == 200);
}
