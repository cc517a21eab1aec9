#include <catch2/catch.hpp>

#include "core/idempotency/idempotency.hpp"
#include "stores/idempotency_store.hpp"

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

TEST_CASE(
    "which answers are kept: not those that provably created nothing; the orchestrator's errors briefly") {
  using k = answer_keeping;
  CHECK(keeping_for(200, false, false) == k::whole_ttl);
  CHECK(keeping_for(504, false, false) == k::whole_ttl);  // may have landed
  CHECK(keeping_for(502, false, false) == k::whole_ttl);
  CHECK(keeping_for(500, false, false) == k::whole_ttl);  // after a lost attempt: may hide a create
  CHECK(keeping_for(500, false, true) == k::brief);       // the orchestrator said it failed
  CHECK(keeping_for(503, false, true) == k::brief);
  CHECK(keeping_for(400, false, false) == k::none);
  CHECK(keeping_for(403, false, false) == k::none);
  CHECK(keeping_for(503, true, false) == k::none);        // never delivered
  CHECK(keeping_for(503, false, false) == k::whole_ttl);  // retries exhausted after a delivered attempt
}

TEST_CASE("idempotency store: forward once, then in flight, then the kept answer; another request 422") {
  idempotency_store store(10s, 1000);
  auto t0 = idempotency_store::clock_type::now();
  CHECK(store.claim("key:a", "k1", "fp1", t0).what == idempotency_store::verdict::forward);
  CHECK(store.claim("key:a", "k1", "fp1", t0).what == idempotency_store::verdict::in_flight);
  CHECK(store.claim("key:a", "k1", "fp2", t0).what == idempotency_store::verdict::different_request);
  CHECK(store.claim("key:b", "k1", "fp1", t0).what == idempotency_store::verdict::forward);  // another caller
  store.settle("key:a", "k1", kept_answer{200, "created"}, answer_keeping::whole_ttl, t0);
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
  store.settle("ip:1", "k", std::nullopt, answer_keeping::none, t0);
  CHECK(store.claim("ip:1", "k", "fp", t0).what == idempotency_store::verdict::forward);
  // A caller and key that concatenate alike are still two records.
  CHECK(store.claim("ip:1k", "", "fp", t0).what == idempotency_store::verdict::forward);
  for (int i = 0; i < 1000; ++i) {
    auto key = "k" + std::to_string(i);
    store.claim("ip:2", key, "fp", t0);
    store.settle("ip:2", key, kept_answer{200, "x"}, answer_keeping::whole_ttl, t0);
  }
  CHECK(store.size() <= 32);
  // In-flight records are never dropped to make room.
  CHECK(store.claim("ip:1", "k", "fp", t0).what == idempotency_store::verdict::in_flight);
}

TEST_CASE("idempotency store: one caller's flood evicts only its own records; all in flight is 429") {
  idempotency_store store(10s, 100, 20, 2s);
  auto t0 = idempotency_store::clock_type::now();
  auto settled = [&](const std::string& caller, const std::string& key, answer_keeping keeping) {
    REQUIRE(store.claim(caller, key, "fp", t0).what == idempotency_store::verdict::forward);
    store.settle(caller, key, kept_answer{200, key}, keeping, t0);
  };
  for (int i = 0; i < 10; ++i) settled("key:victim", "v" + std::to_string(i), answer_keeping::whole_ttl);
  for (int i = 0; i < 6000; ++i) settled("key:flood", "f" + std::to_string(i), answer_keeping::whole_ttl);
  CHECK(store.size() == 30);  // the flooder holds its share, no more
  for (int i = 0; i < 10; ++i)
    CHECK(store.claim("key:victim", "v" + std::to_string(i), "fp", t0 + 1s).what ==
          idempotency_store::verdict::replay);
  CHECK(store.claim("key:flood", "f5999", "fp", t0).what == idempotency_store::verdict::replay);
  CHECK(store.claim("key:flood", "f0", "fp", t0).what ==
        idempotency_store::verdict::forward);  // its own went

  // Full with many callers: the one holding the most gives.
  idempotency_store small(10s, 30, 1000);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(small.claim("a", "a" + std::to_string(i), "fp", t0).what == idempotency_store::verdict::forward);
    small.settle("a", "a" + std::to_string(i), kept_answer{200, ""}, answer_keeping::whole_ttl, t0);
  }
  for (int i = 0; i < 100; ++i) {
    small.claim("b", "b" + std::to_string(i), "fp", t0);
    small.settle("b", "b" + std::to_string(i), kept_answer{200, ""}, answer_keeping::whole_ttl, t0);
  }
  CHECK(small.size() == 30);
  CHECK(small.claim("a", "a0", "fp", t0).what == idempotency_store::verdict::replay);

  // A caller whose every record is in flight: its new key is refused, the others' are not.
  idempotency_store busy(10s, 100, 3);
  for (int i = 0; i < 3; ++i) busy.claim("c", "c" + std::to_string(i), "fp", t0);
  CHECK(busy.claim("c", "c9", "fp", t0).what == idempotency_store::verdict::caller_full);
  CHECK(busy.claim("d", "d0", "fp", t0).what == idempotency_store::verdict::forward);
  auto full = reply_for_claim({idempotency_store::verdict::caller_full, {}});
  REQUIRE(full);
  CHECK(full->status == 429);
  CHECK(full->headers == std::vector<std::pair<std::string, std::string>>{{"Retry-After", "1"}});

  // An orchestrator's own error is kept briefly: the same key creates again once it is gone.
  REQUIRE(store.claim("key:victim", "err", "fp", t0).what == idempotency_store::verdict::forward);
  store.settle("key:victim", "err", kept_answer{500, "x"}, answer_keeping::brief, t0);
  CHECK(store.claim("key:victim", "err", "fp", t0 + 1s).what == idempotency_store::verdict::replay);
  CHECK(store.claim("key:victim", "err", "fp", t0 + 3s).what == idempotency_store::verdict::forward);
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
