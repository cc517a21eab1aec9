// The shared store's pure parts: REDIS_URL (and the decimal numbers it holds), the scripts' arguments and
// answers, and its settings.
#include <catch2/catch.hpp>

#include <openssl/sha.h>

#include <cstdio>

#include "core/config/config.hpp"
#include "core/redis/redis_scripts.hpp"
#include "core/redis/redis_url.hpp"
#include "core/text/ascii_text.hpp"

using namespace gw;

TEST_CASE("REDIS_URL: host, port, credentials and database") {
  auto plain = parse_redis_url("redis://redis");
  REQUIRE(plain.endpoint);
  CHECK(plain.endpoint->host == "redis");
  CHECK(plain.endpoint->port == 6379);
  CHECK(plain.endpoint->password.empty());
  CHECK(plain.endpoint->database == 0);

  auto full = parse_redis_url("redis://gateway:p%40ss%3Aw0rd@10.0.0.5:6380/4");
  REQUIRE(full.endpoint);
  CHECK(full.endpoint->user == "gateway");
  CHECK(full.endpoint->password == "p@ss:w0rd");
  CHECK(full.endpoint->host == "10.0.0.5");
  CHECK(full.endpoint->port == 6380);
  CHECK(full.endpoint->database == 4);
  CHECK(printable(*full.endpoint) == "redis://10.0.0.5:6380/4 (with a password)");

  auto password_only = parse_redis_url("redis://:secret@[::1]:7000/");
  REQUIRE(password_only.endpoint);
  CHECK(password_only.endpoint->user.empty());
  CHECK(password_only.endpoint->password == "secret");
  CHECK(password_only.endpoint->host == "::1");
  CHECK(printable(*password_only.endpoint) == "redis://[::1]:7000/0 (with a password)");
}

TEST_CASE("REDIS_URL: what is refused, and the error never holds the URL") {
  for (const char* url :
       {"rediss://:secret@h:1", "http://h", "redis://", "redis://:secret@", "redis://h:0", "redis://h:99999",
        "redis://h:", "redis://h/x", "redis://h/1001", "redis://secret@h", "redis://user:@h",
        "redis://:p%zz@h", "redis://[::1", "redis://h:12ab"}) {
    INFO(url);
    auto outcome = parse_redis_url(url);
    CHECK_FALSE(outcome.endpoint);
    CHECK_FALSE(outcome.error.empty());
    CHECK(outcome.error.find("secret") == std::string::npos);
    auto config = parse_config({{"REDIS_URL", url}}, {});
    CHECK_FALSE(config.config);
    CHECK(config.error.find("REDIS_URL is invalid") == 0);
    CHECK(config.error.find("secret") == std::string::npos);
  }
  CHECK(parse_redis_url("rediss://h").error.find("TLS") != std::string::npos);
}

TEST_CASE("shared store settings: defaults, flags and bounds") {
  auto defaults = parse_config({}, {});
  REQUIRE(defaults.config);
  CHECK_FALSE(defaults.config->redis);
  CHECK(defaults.config->redis_timeout_seconds == Approx(0.25));
  CHECK(defaults.config->redis_key_prefix == "gha-gateway:");
  auto flags =
      parse_config({{"REDIS_URL", "redis://ignored"}},
                   {"--redis-url=redis://r:1/2", "--redis-timeout-seconds=0.05", "--redis-key-prefix=blue:"});
  REQUIRE(flags.config);
  REQUIRE(flags.config->redis);
  CHECK(flags.config->redis->host == "r");
  CHECK(flags.config->redis->database == 2);
  CHECK(flags.config->redis_timeout_seconds == Approx(0.05));
  CHECK(flags.config->redis_key_prefix == "blue:");
  CHECK_FALSE(parse_config({{"REDIS_TIMEOUT_SECONDS", "0"}}, {}).config);
  CHECK_FALSE(parse_config({{"REDIS_KEY_PREFIX", "has blank"}}, {}).config);
  CHECK_FALSE(parse_config({{"REDIS_KEY_PREFIX", std::string(65, 'p')}}, {}).config);
  CHECK_FALSE(parse_config({{"REDIS_URL", ""}}, {}).config->redis);
}

TEST_CASE("rate limit script arguments: the interval between requests and the burst") {
  CHECK(microseconds_per_request({2, 5}) == "500000.000000");
  CHECK(microseconds_per_request({0.001, 1}) == "1000000000.000000");
  CHECK(burst_text({2, 5}) == "5.000000");
  CHECK(burst_text({2, 0}) == "1.000000");  // a burst below 1 counts as 1, as in process
  CHECK(milliseconds_text(std::chrono::milliseconds(0)) == "1");
  CHECK(rate_limit_redis_key("gw:", "key:team") == "gw:rate:key:team");
}

TEST_CASE("rate limit script answers: how many of a batch pass, and the wait of the others") {
  auto some = rate_batch_from_text("3 2");
  REQUIRE(some);
  CHECK(some->passed == 3);
  CHECK(some->wait_seconds == 2);
  auto all = rate_batch_from_text("64 0");
  REQUIRE(all);
  CHECK(all->passed == 64);
  CHECK(all->wait_seconds == 0);
  for (const char* text : {"", "3", " 3", "3 ", "a 1", "1 b", "1  2", "-1 2", "1234567890 1", "1 2 3"}) {
    INFO(text);
    CHECK_FALSE(rate_batch_from_text(text));
  }
}

TEST_CASE("idempotency records: keys per caller, kept answers and claim verdicts") {
  // The caller's length comes first: ("ip:1", "2k") and ("ip:12", "k") are different records.
  CHECK(idempotency_redis_key("gw:", "ip:1", "2k") != idempotency_redis_key("gw:", "ip:12", "k"));
  CHECK(idempotency_redis_key("gw:", "key:a", "k-1") == "gw:idem:5:key:ak-1");

  using verdict = idempotency_claim_result::verdict;
  CHECK(claim_from_text("F")->what == verdict::forward);
  CHECK(claim_from_text("I")->what == verdict::in_flight);
  CHECK(claim_from_text("D")->what == verdict::different_request);
  CHECK(claim_from_text("Q")->what == verdict::caller_full);
  CHECK_FALSE(claim_from_text("L"));  // run too late: it did nothing, as if unanswered
  CHECK(idempotency_caller_index_key("gw:", "key:a") == "gw:idem-caller:5:key:a");
  CHECK(idempotency_caller_index_key("gw:", "ip:1") != idempotency_caller_index_key("gw:", "ip:12"));
  CHECK(redis_clock_microseconds("1733600000 000042") == 1733600000000042LL);
  for (const char* text : {"", "1733600000", "x 1", "1 1000000", "-1 0"})
    CHECK_FALSE(redis_clock_microseconds(text));
  kept_answer answer{201, "{\"status\":\"success\"} with spaces\nand lines"};
  auto replay = claim_from_text("R" + kept_answer_text(answer));
  REQUIRE(replay);
  CHECK(replay->what == verdict::replay);
  CHECK(replay->answer.status == 201);
  CHECK(replay->answer.body == answer.body);
  CHECK(claim_from_text("R200 ")->answer.body.empty());
  for (const char* text : {"", "X", "R", "R20 x", "R2000x", "Rabc x", "R099 x", "FF"}) {
    INFO(text);
    CHECK_FALSE(claim_from_text(text));
  }
}

TEST_CASE("the scripts are the ones EVALSHA names: the SHA-1 of their text, in lower-case hex") {
  for (const auto* script : {&rate_limit_script(), &claim_script(), &settle_script()}) {
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(script->text.data()), script->text.size(), digest);
    std::string hex;
    for (unsigned char byte : digest) {
      char two[3];
      std::snprintf(two, sizeof two, "%02x", byte);
      hex += two;
    }
    CHECK(script->sha1 == hex);
    CHECK(script->text.find("KEYS[1]") != std::string_view::npos);
  }
}

TEST_CASE("decimal numbers: digits only, up to a bound") {
  CHECK(parse_decimal("0", 10) == 0);
  CHECK(parse_decimal("0065535", 65535) == 65535);
  CHECK(parse_decimal("999999999999999999", 999999999999999999LL) == 999999999999999999LL);
  for (const char* text : {"", "65536", "-1", "+1", " 1", "1 ", "1a", "0x1", "1234567890123456789"}) {
    INFO(text);
    CHECK_FALSE(parse_decimal(text, 65535));
  }
}
