#include <catch2/catch.hpp>

#include "core/idempotency.hpp"

using namespace gw;
using namespace std::chrono_literals;

TEST_CASE("Idempotency-Key: 1-255 printable ASCII, or the same as a structured-field string") {
  CHECK(parse_idempotency_key("", false).status == idempotency_key::state::absent);
  auto plain = parse_idempotency_key("8e03978e-40d5-43e8-bc93-6894a57f9324", true);
  CHECK(plain.status == idempotency_key::state::valid);
  CHECK(plain.value == "8e03978e-40d5-43e8-bc93-6894a57f9324");
  auto quoted = parse_idempotency_key("\"retry 42\"", true);
  CHECK(quoted.status == idempotency_key::state::valid);
  CHECK(quoted.value == "retry 42");
  CHECK(parse_idempotency_key(std::string(255, 'k'), true).status == idempotency_key::state::valid);
  for (std::string bad : {std::string(), std::string(256, 'k'), std::string("tab\there"), std::string("\"\""),
                          std::string("\"a\"b\""), std::string("caf\xc3\xa9")})
    CHECK(parse_idempotency_key(bad, true).status == idempotency_key::state::malformed);
}

TEST_CASE("which answers are kept: not those that provably created nothing") {
  CHECK(keeps_answer(200, false));
  CHECK(keeps_answer(504, false));  // may have landed
  CHECK(keeps_answer(502, false));
  CHECK(keeps_answer(500, false));
  CHECK_FALSE(keeps_answer(400, false));
  CHECK_FALSE(keeps_answer(403, false));
  CHECK_FALSE(keeps_answer(503, true));  // never delivered
  CHECK(keeps_answer(503, false));       // retries exhausted after a delivered attempt
}

TEST_CASE("idempotency store: forward once, then in flight, then the kept answer; another request 422") {
  idempotency_store store(10s, 1000);
  auto t0 = idempotency_store::clock_type::now();
  CHECK(store.claim("key:a", "k1", "fp1", t0).what == idempotency_store::verdict::forward);
  CHECK(store.claim("key:a", "k1", "fp1", t0).what == idempotency_store::verdict::in_flight);
  CHECK(store.claim("key:a", "k1", "fp2", t0).what == idempotency_store::verdict::different_request);
  CHECK(store.claim("key:b", "k1", "fp1", t0).what == idempotency_store::verdict::forward);  // another caller
  store.settle("key:a", "k1", kept_answer{200, "created"}, t0);
  auto again = store.claim("key:a", "k1", "fp1", t0 + 5s);
  CHECK(again.what == idempotency_store::verdict::replay);
  CHECK(again.answer.status == 200);
  CHECK(again.answer.body == "created");
  CHECK(store.claim("key:a", "k1", "fp2", t0 + 5s).what == idempotency_store::verdict::different_request);
  // Past the TTL the key is new again.
  CHECK(store.claim("key:a", "k1", "fp2", t0 + 11s).what == idempotency_store::verdict::forward);
}

TEST_CASE("idempotency store: an answer not kept releases the key; the store stays bounded") {
  idempotency_store store(10s, 32);
  auto t0 = idempotency_store::clock_type::now();
  CHECK(store.claim("ip:1", "k", "fp", t0).what == idempotency_store::verdict::forward);
  store.settle("ip:1", "k", std::nullopt, t0);
  CHECK(store.claim("ip:1", "k", "fp", t0).what == idempotency_store::verdict::forward);
  // A caller and key that concatenate alike are still two records.
  CHECK(store.claim("ip:1k", "", "fp", t0).what == idempotency_store::verdict::forward);
  for (int i = 0; i < 1000; ++i) {
    auto key = "k" + std::to_string(i);
    store.claim("ip:2", key, "fp", t0);
    store.settle("ip:2", key, kept_answer{200, "x"}, t0);
  }
  CHECK(store.size() <= 32 + 16);  // a shard may hold its in-flight records beyond its share
  // In-flight records are never dropped to make room.
  CHECK(store.claim("ip:1", "k", "fp", t0).what == idempotency_store::verdict::in_flight);
}

TEST_CASE("claims answer for themselves: 409 with Retry-After, 422, the kept answer marked as replayed") {
  CHECK_FALSE(reply_for_claim({idempotency_store::verdict::forward, {}}));
  auto busy = reply_for_claim({idempotency_store::verdict::in_flight, {}});
  REQUIRE(busy);
  CHECK(busy->status == 409);
  CHECK(busy->body.find("sigue en curso") != std::string::npos);
  CHECK(busy->headers == std::vector<std::pair<std::string, std::string>>{{"Retry-After", "1"}});
  auto other = reply_for_claim({idempotency_store::verdict::different_request, {}});
  REQUIRE(other);
  CHECK(other->status == 422);
  auto replay = reply_for_claim({idempotency_store::verdict::replay, {504, "{\"status\":\"error\"}"}});
  REQUIRE(replay);
  CHECK(replay->status == 504);
  CHECK(replay->body == "{\"status\":\"error\"}");
  CHECK(replay->headers == std::vector<std::pair<std::string, std::string>>{{"Idempotent-Replayed", "true"}});
}
