#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>

#include "app/startup_inputs.hpp"
#include "core/access_control.hpp"
#include "core/api_keys.hpp"
#include "core/config.hpp"
#include "core/rate_limiter.hpp"

using namespace gw;

TEST_CASE("API keys: Bearer scheme, exact key, nothing else") {
  api_keys keys({"k-one", "k-two"});
  CHECK(keys.enabled());
  CHECK(keys.match("Bearer k-one") == std::optional<std::string_view>("k-one"));
  CHECK(keys.match("bearer k-two") == std::optional<std::string_view>("k-two"));
  CHECK(keys.match("  Bearer   k-two  ") == std::optional<std::string_view>("k-two"));
  for (const char* bad : {"", "Bearer", "Bearer ", "Basic k-one", "Bearer k-on", "Bearer k-one2", "k-one",
                          "Bearer K-ONE", "Bearer k-one k-two"})
    CHECK_FALSE(keys.match(bad));
  CHECK_FALSE(api_keys().enabled());
}

TEST_CASE("API key lists and files") {
  CHECK(parse_key_list(" a , ,b,") == std::vector<std::string>{"a", "b"});
  CHECK(parse_key_file("# keys\nalpha\n\n  beta  # ops\r\n#gamma\n") ==
        std::vector<std::string>{"alpha", "beta"});
  auto out = parse_config({{"API_KEYS", "x,y"}}, {});
  REQUIRE(out.config);
  CHECK(out.config->api_keys.size() == 2);
  auto missing = parse_config({{"API_KEYS_FILE", "/nonexistent/keys"}}, {});
  REQUIRE(missing.config);
  CHECK(read_api_keys_file(*missing.config) == "API_KEYS_FILE=/nonexistent/keys cannot be read");
}

TEST_CASE("which routes need a key") {
  CHECK(route_needs_key("/api/v1/runners"));
  CHECK(route_needs_key("/api/v1/runners/x"));
  CHECK(route_needs_key("/api/v1/other"));
  CHECK_FALSE(route_needs_key("/api/v1/health"));
  CHECK_FALSE(route_needs_key("/health"));
  CHECK_FALSE(route_needs_key("/healthz"));
}

TEST_CASE("rate limiting: a burst, then one token per 1/rate seconds, per client") {
  rate_limiter limiter(2, 3);
  auto t0 = rate_limiter::clock_type::now();
  for (int i = 0; i < 3; ++i) CHECK(limiter.seconds_until_allowed("a", t0) == 0);
  CHECK(limiter.seconds_until_allowed("a", t0) == 1);
  CHECK(limiter.seconds_until_allowed("b", t0) == 0);
  CHECK(limiter.seconds_until_allowed("a", t0 + std::chrono::milliseconds(500)) == 0);
  CHECK(limiter.seconds_until_allowed("a", t0 + std::chrono::milliseconds(500)) == 1);
  rate_limiter slow(0.1, 1);
  CHECK(slow.seconds_until_allowed("c", t0) == 0);
  CHECK(slow.seconds_until_allowed("c", t0) == 10);
  CHECK_FALSE(rate_limiter(0, 1).enabled());
}

TEST_CASE("limits have defaults and flag twins") {
  auto d = parse_config({}, {});
  REQUIRE(d.config);
  CHECK(d.config->max_header_bytes == 8192);
  CHECK(d.config->max_url_bytes == 2048);
  CHECK(d.config->max_connections == 16384);
  CHECK(d.config->rate_limit_rps == 0);
  auto c = parse_config({}, {"--max-url-bytes=100", "--client-read-timeout-seconds=0.5", "--rate-limit-rps=5",
                             "--max-requests-in-flight=7", "--keepalive-timeout-seconds=2"});
  REQUIRE(c.config);
  CHECK(c.config->max_url_bytes == 100);
  CHECK(c.config->client_read_timeout_seconds == Approx(0.5));
  CHECK(c.config->rate_limit_rps == 5);
  CHECK(c.config->rate_limit_burst == 5);
  CHECK(c.config->max_requests_in_flight == 7);
  CHECK(c.config->keepalive_timeout_seconds == 2);
}

TEST_CASE("API_KEYS_FILE is read and added to API_KEYS") {
  char path[] = "/tmp/gw-keys-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  const std::string contents = "# ops keys\nfrom-file-1\n\nfrom-file-2  # rotated 2026-11\n";
  REQUIRE(write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()));
  close(fd);
  auto out = parse_config({{"API_KEYS", "inline"}, {"API_KEYS_FILE", path}}, {});
  REQUIRE(out.config);
  CHECK(read_api_keys_file(*out.config).empty());
  unlink(path);
  CHECK(out.config->api_keys == std::vector<std::string>{"inline", "from-file-1", "from-file-2"});
  auto flag = parse_config({}, {"--api-keys=a,b"});
  REQUIRE(flag.config);
  CHECK(flag.config->api_keys.size() == 2);
}

TEST_CASE("failed keys spend the address's budget; once spent, its requests get 429 before the key check") {
  api_keys keys({"right"});
  rate_limiter failures(1, 3);
  auto ask = [&](const char* auth, const char* ip) {
    auto refusal =
        access_refusal({"/api/v1/runners", path_family::runners, auth, ip}, keys, nullptr, &failures);
    return refusal ? refusal->status : 0u;
  };
  CHECK(ask("Bearer a", "10.0.0.1") == 401);
  CHECK(ask("Bearer b", "10.0.0.1") == 401);
  CHECK(ask("Bearer c", "10.0.0.1") == 401);
  CHECK(ask("Bearer d", "10.0.0.1") == 429);
  CHECK(ask("Bearer right", "10.0.0.1") == 429);  // refused before the key is looked at
  CHECK(ask("Bearer right", "10.0.0.2") == 0);    // another address is untouched
  CHECK(ask("Bearer wrong", "10.0.0.2") == 401);
  // The guard off (rate 0): 401 for ever, as before.
  rate_limiter off(0, 0);
  for (int i = 0; i < 10; ++i) {
    auto refusal = access_refusal({"/api/v1/runners", path_family::runners, "Bearer x", "10.0.0.3"}, keys,
                                  nullptr, &off);
    REQUIRE(refusal);
    CHECK(refusal->status == 401);
  }
}

TEST_CASE("seconds_until_token looks without taking") {
  rate_limiter limiter(1, 1);
  auto now = rate_limiter::clock_type::now();
  CHECK(limiter.seconds_until_token("a", now) == 0);
  CHECK(limiter.seconds_until_token("a", now) == 0);
  CHECK(limiter.seconds_until_allowed("a", now) == 0);
  CHECK(limiter.seconds_until_token("a", now) == 1);
  CHECK(limiter.seconds_until_token("a", now + std::chrono::seconds(1)) == 0);
}
