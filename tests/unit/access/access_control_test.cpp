#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "app/startup_inputs.hpp"
#include "core/access/access_control.hpp"
#include "core/access/access_settings.hpp"
#include "core/access/api_keys.hpp"
#include "core/access/client_address.hpp"
#include "core/config/access_snapshot.hpp"
#include "core/config/config.hpp"
#include "core/protocol/routes.hpp"
#include "core/text/sha256.hpp"
#include "stores/rate_limiter.hpp"

using namespace gw;

namespace {
api_keys keys_of(std::string_view file) {
  auto parsed = parse_key_file(file);
  REQUIRE(parsed.error.empty());
  return api_keys(std::move(parsed.keys));
}

std::string name_matched(const api_keys& keys, std::string_view authorization) {
  const auto* key = keys.match(authorization);
  return key ? key->name : "";
}

// A file that lives as long as the test case.
struct temp_file {
  explicit temp_file(const std::string& contents) {
    char name[] = "/tmp/gw-test-XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()));
    close(fd);
    path = name;
  }
  ~temp_file() { unlink(path.c_str()); }
  std::string path;
};
}  // namespace

TEST_CASE("API keys: Bearer scheme, exact key, nothing else") {
  api_keys keys(unscoped_keys({"k-one", "k-two"}));
  CHECK(keys.enabled());
  auto one = name_matched(keys, "Bearer k-one");
  CHECK(one == fingerprint_name(sha256_of("k-one")));
  CHECK(name_matched(keys, "bearer k-two") == fingerprint_name(sha256_of("k-two")));
  CHECK(name_matched(keys, "  Bearer   k-two  ") == fingerprint_name(sha256_of("k-two")));
  for (const char* bad : {"", "Bearer", "Bearer ", "Basic k-one", "Bearer k-on", "Bearer k-one2", "k-one",
                          "Bearer K-ONE", "Bearer k-one k-two"})
    CHECK_FALSE(keys.match(bad));
  CHECK_FALSE(api_keys().enabled());
  CHECK(keys.keys()[0].grants.everything());  // API_KEYS stays unscoped
  // A key's name is a hash of it: the same wherever the key stands, and never a piece of it or its digest.
  CHECK(api_keys(unscoped_keys({"other", "k-one"})).keys()[1].name == one);
  CHECK(one.size() == 16);
  CHECK(hex_of(sha256_of("k-one")).find(one.substr(4)) == std::string::npos);
}

TEST_CASE("keys file: one key per line, comments at a line's start, names, grants") {
  auto parsed = parse_key_file(
      "# keys\nalpha-key-0123456789 *\n\n  beta-key-0123456789 org:acme\r\n  # gamma-key-0123456789 *\n");
  REQUIRE(parsed.error.empty());
  REQUIRE(parsed.keys.size() == 2);
  CHECK(parsed.keys[0].secret == "alpha-key-0123456789");
  CHECK(parsed.keys[0].name == fingerprint_name(sha256_of("alpha-key-0123456789")));
  CHECK(parsed.keys[0].grants.everything());
  CHECK(parsed.keys[1].secret == "beta-key-0123456789");
  CHECK(parsed.keys[1].grants.text() == "org:acme");
  // The name follows the key, not its line: edits elsewhere in the file move no identity.
  auto moved = parse_key_file("# moved\n\nother-key-0123456789 *\nbeta-key-0123456789 org:acme\n");
  REQUIRE(moved.error.empty());
  CHECK(moved.keys[1].name == parsed.keys[1].name);

  auto scoped = parse_key_file(
      "key1-0123456789abcdef name=team-a repo:acme/* org:acme\nkey2-0123456789abcdef repo:Beta/app "
      "name=team.b\nkey3-0123456789abcdef * name=ops\n");
  REQUIRE(scoped.error.empty());
  REQUIRE(scoped.keys.size() == 3);
  CHECK(scoped.keys[0].name == "team-a");
  CHECK(scoped.keys[0].grants.text() == "repo:acme/* org:acme");
  CHECK_FALSE(scoped.keys[0].grants.everything());
  CHECK(scoped.keys[1].name == "team.b");
  CHECK(scoped.keys[2].grants.everything());
  CHECK(parse_key_list(" a , ,b,") == std::vector<std::string>{"a", "b"});
  // Commas separate fields as blanks do; token68 keys (base64 with padding) are keys.
  auto commas = parse_key_file("k4/Zq+9f8Kd~x.y_z==,name=team-c, repo:c/x,org:c\n");
  REQUIRE(commas.error.empty());
  REQUIRE(commas.keys.size() == 1);
  CHECK(commas.keys[0].secret == "k4/Zq+9f8Kd~x.y_z==");
  CHECK(commas.keys[0].name == "team-c");
  CHECK(commas.keys[0].grants.text() == "repo:c/x org:c");
}

TEST_CASE("keys file: a stray token never becomes a key; a file that does not parse gives no key at all") {
  auto refused = [](std::string_view file, std::string_view expected) {
    auto parsed = parse_key_file(file);
    INFO(file);
    CHECK(parsed.keys.empty());
    CHECK(parsed.error == expected);
  };
  const std::string good = "Zq9f8Kd0aB1cD2eF3g name=ops *\n";
  // A byte-order mark is skipped, whatever the first line is.
  for (const char* first : {"# tenants\n", "\n", ""}) {
    auto parsed = parse_key_file("\xEF\xBB\xBF" + std::string(first) + good);
    REQUIRE(parsed.error.empty());
    REQUIRE(parsed.keys.size() == 1);
    CHECK(parsed.keys[0].name == "ops");
  }
  refused(good + "\xEF\xBB\xBF\n", "line 2: a control character or a byte outside ASCII");
  refused(good + "---\n", "line 2: the key is shorter than 16 characters");
  refused(good + "short-key *\n", "line 2: the key is shorter than 16 characters");
  const std::string holds =
      ": the key holds a character outside A-Z a-z 0-9 - . _ ~ + / = ('#' starts a comment only at the start "
      "of a line)";
  refused("Zq9#f8Kd0aB1cD2eF3g name=web repo:acme/web\n", "line 1" + holds);
  refused(good + "Zq9f8Kd0aB1cD2eF3g-web # the web team\n",
          "line 2: field 2 is neither a grant (*, "
          "org:NAME, repo:OWNER/REPO, '*' for a whole "
          "name) nor name=NAME");
  refused("Zq9f8Kd0aB1cD2eF3g-web name=web\n",
          "line 1: no grant (write * for every runner and cleanup, or org:NAME, repo:OWNER/REPO)");
  // Read half-way through an in-place rewrite: the line has no end yet, so nothing is used.
  refused(good + "Zq9f8Kd0aB1cD2eF3g-web name=web",
          "line 2: no end of line (a file must end with one; it may be half-written)");
  refused(good + "Zq9f8Kd0aB1cD2eF3g-web name=web repo:acme/w",
          "line 2: no end of line (a file must end with one; it may be half-written)");
  refused(std::string(4096, '\0'),
          "line 1: no end of line (a file must end with one; it may be half-written)");
  refused(std::string(100, '\0') + "\n", "line 1: a control character or a byte outside ASCII");
  refused(good + "caf\xC3\xA9-0123456789abcdef *\n", "line 2: a control character or a byte outside ASCII");
  refused("", "no key in the file (turning keys off is removing API_KEYS_FILE)");
  refused("# nothing yet\n\n", "no key in the file (turning keys off is removing API_KEYS_FILE)");
}

TEST_CASE("keys file: a line that is not right names its line, never its text") {
  auto check_error = [](std::string_view file, std::string_view expected) {
    auto parsed = parse_key_file(file);
    CHECK(parsed.keys.empty());
    CHECK(parsed.error == expected);
  };
  const std::string key = "k-0123456789abcdef";
  check_error("ok-0123456789abcdef *\nsecret-one-0123456789 secret-two-0123456789\n",
              "line 2: field 2 is neither a grant (*, org:NAME, repo:OWNER/REPO, '*' for a whole name) nor "
              "name=NAME");
  check_error(key + " name=a name=b *\n", "line 1: more than one name=");
  check_error(key + " name= *\n", "line 1: name= takes 1-64 letters, digits, '.', '_' or '-'");
  check_error(key + " name=has:colon *\n", "line 1: name= takes 1-64 letters, digits, '.', '_' or '-'");
  check_error("sha256:abc *\n", "line 1: sha256: must be followed by 64 hex digits");
  check_error(",,,\n", "line 1: no key before the name and grants");
  check_error(" , name=x repo:a/b\n", "line 1: the first field is a name or a grant, not a key");
  check_error("repo:a/b name=x\n", "line 1: the first field is a name or a grant, not a key");
  check_error("* name=x\n", "line 1: the first field is a name or a grant, not a key");
  check_error(key + " repo:acme\n",
              "line 1: field 2 is neither a grant (*, org:NAME, repo:OWNER/REPO, '*' for a whole "
              "name) nor name=NAME");
  auto parsed = parse_key_file("a-0123456789abcdef *\nsecret-one-0123456789 secret-two-0123456789\n");
  CHECK(parsed.error.find("secret") == std::string::npos);
}

TEST_CASE("hashed keys: sha256:<hex> matches the key whose SHA-256 it is, and only that") {
  CHECK(hex_of(sha256_of("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex_of(sha256_of("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  auto keys = keys_of("sha256:" + hex_of(sha256_of("team-b-secret")) + " name=team-b repo:b/*\n" +
                      "SHA256:0000000000000000000000000000000000000000000000000000000000000000 name=x *\n" +
                      "clear-one-0123456789 name=clear *\n");
  CHECK(name_matched(keys, "Bearer team-b-secret") == "team-b");
  CHECK(name_matched(keys, "Bearer clear-one-0123456789") == "clear");
  CHECK(name_matched(keys, "Bearer team-b-secre") == "");
  // The digest's own text is not the key.
  CHECK(name_matched(keys, "Bearer sha256:" + hex_of(sha256_of("team-b-secret"))) == "");
  // Upper-case hex digits are the same digest.
  auto upper =
      keys_of("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD name=abc *\n");
  CHECK(name_matched(upper, "Bearer abc") == "abc");
}

TEST_CASE("API_KEYS and API_KEYS_FILE together: no key and no name twice") {
  const std::string same = "same-key-0123456789";
  std::vector<api_key> keys = unscoped_keys({same});
  CHECK(combine_keys(keys, parse_key_file("other-key-0123456789 name=x *\n").keys).empty());
  CHECK(keys.size() == 2);
  std::vector<api_key> twice = unscoped_keys({same});
  CHECK(combine_keys(twice, parse_key_file(same + " name=y *\n").keys) ==
        "the key named y is also given earlier");
  std::vector<api_key> hashed_twice = unscoped_keys({same});
  auto digest = sha256_of(same);
  CHECK(combine_keys(hashed_twice, parse_key_file("sha256:" + hex_of(digest) + " *\n").keys) ==
        "the name " + fingerprint_name(digest) + " is given to two keys");
  std::vector<api_key> names;
  CHECK(combine_keys(names,
                     parse_key_file("a-key-0123456789ab name=n *\nb-key-0123456789ab name=n *\n").keys) ==
        "the name n is given to two keys");
}

TEST_CASE("which routes need a key, and which are answered by the gateway itself") {
  CHECK(match_route("GET", "/api/v1/runners").needs_key);
  CHECK(match_route("GET", "/api/v1/runners/x").needs_key);
  CHECK(match_route("GET", "/api/v1/other").needs_key);  // 401 before 404
  CHECK(match_route("GET", "/metrics").needs_key);
  CHECK_FALSE(match_route("GET", "/api/v1/health").needs_key);
  CHECK_FALSE(match_route("GET", "/health").needs_key);
  CHECK_FALSE(match_route("GET", "/healthz").needs_key);
  CHECK_FALSE(match_route("POST", "/webhooks/github").needs_key);  // its signature stands for a key
  CHECK_FALSE(match_route("GET", "/api/v1/runners").local);
  CHECK_FALSE(match_route("POST", "/webhooks/github").local);
  CHECK(match_route("GET", "/api/v1/other").local);
  CHECK(match_route("PUT", "/api/v1/runners").local);  // 405
  CHECK(match_route("GET", "/api/v1/runners/bad%2Fid").local);
}

TEST_CASE("rate limiting: a burst, then one token per 1/rate seconds, per client") {
  rate_limiter limiter;
  rate_limits two_per_second{2, 3};
  auto t0 = rate_limiter::clock_type::now();
  for (int i = 0; i < 3; ++i) CHECK(limiter.seconds_until_allowed("a", two_per_second, t0) == 0);
  CHECK(limiter.seconds_until_allowed("a", two_per_second, t0) == 1);
  CHECK(limiter.seconds_until_allowed("b", two_per_second, t0) == 0);
  CHECK(limiter.seconds_until_allowed("a", two_per_second, t0 + std::chrono::milliseconds(500)) == 0);
  CHECK(limiter.seconds_until_allowed("a", two_per_second, t0 + std::chrono::milliseconds(500)) == 1);
  rate_limiter slow;
  CHECK(slow.seconds_until_allowed("c", {0.1, 1}, t0) == 0);
  CHECK(slow.seconds_until_allowed("c", {0.1, 1}, t0) == 10);
  CHECK_FALSE(rate_limits{0, 1}.enabled());
  // New limits apply to the buckets as they are (a reload keeps them): a faster rate refills faster.
  CHECK(slow.seconds_until_allowed("c", {1, 1}, t0 + std::chrono::seconds(1)) == 0);
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

TEST_CASE(
    "load_configuration: API_KEYS then API_KEYS_FILE's keys; an unreadable or broken file is an error") {
  temp_file keys(
      "# ops keys\nfrom-file-1-0123456789 *\n\n# rotated 2026-11\nfrom-file-2-0123456789 name=ci "
      "repo:acme/*\n");
  auto loaded = load_configuration({{"API_KEYS", "inline"}, {"API_KEYS_FILE", keys.path}}, {});
  REQUIRE(loaded.outcome.config);
  REQUIRE(loaded.keys.size() == 3);
  CHECK(loaded.keys[0].secret == "inline");
  CHECK(loaded.keys[1].secret == "from-file-1-0123456789");
  CHECK(loaded.keys[2].name == "ci");
  auto missing = load_configuration({{"API_KEYS_FILE", "/nonexistent/keys"}}, {});
  CHECK_FALSE(missing.outcome.config);
  CHECK(missing.outcome.error == "API_KEYS_FILE=/nonexistent/keys cannot be read");
  temp_file broken("good-0123456789abcdef *\nbad-0123456789abcdef org:\n");
  auto bad = load_configuration({}, {"--api-keys-file=" + broken.path});
  CHECK_FALSE(bad.outcome.config);
  CHECK(bad.outcome.error.find("API_KEYS_FILE=" + broken.path + ": line 2: field 2") == 0);
  auto flag = parse_config({}, {"--api-keys=a,b"});
  REQUIRE(flag.config);
  CHECK(flag.config->api_keys.size() == 2);
}

TEST_CASE("load_configuration: CONFIG_FILE under the environment, under the flags") {
  temp_file file(
      "# reloadable\nCORS_ORIGINS=\"https://ci.example.com\"\nRATE_LIMIT_RPS=5\nMAX_URL_BYTES=100\n");
  auto loaded =
      load_configuration({{"CONFIG_FILE", file.path}, {"MAX_URL_BYTES", "200"}}, {"--rate-limit-rps=7"});
  REQUIRE(loaded.outcome.config);
  const auto& c = *loaded.outcome.config;
  CHECK(c.cors_origins == "https://ci.example.com");
  CHECK(c.max_url_bytes == 200);  // the environment wins
  CHECK(c.rate_limit_rps == 7);   // the flag wins
  CHECK(loaded.files_text.find("RATE_LIMIT_RPS=5") != std::string::npos);
  temp_file typo("RATE_LIMT_RPS=5\n");
  auto bad = load_configuration({}, {"--config-file", typo.path});
  CHECK_FALSE(bad.outcome.config);
  CHECK(bad.outcome.error == "CONFIG_FILE=" + typo.path +
                                 ": line 1: 'RATE_LIMT_RPS' is not a setting of the gateway (see --help)");
  temp_file invalid("RATE_LIMIT_RPS=fast\n");
  CHECK_FALSE(load_configuration({{"CONFIG_FILE", invalid.path}}, {}).outcome.config);
}

TEST_CASE("failed keys spend the address's budget; once spent, its wrong keys get 429, a right key passes") {
  access_settings settings;
  settings.keys = api_keys(unscoped_keys({"right"}));
  settings.auth_failure_limits = {1, 3};
  rate_limiter failures;
  auto ask = [&](const char* auth, const char* ip) {
    auto decision = check_access({true, auth, ip}, settings, &failures);
    return decision.refusal ? decision.refusal->status : 0u;
  };
  CHECK(ask("Bearer a", "10.0.0.1") == 401);
  CHECK(ask("Bearer b", "10.0.0.1") == 401);
  CHECK(ask("Bearer c", "10.0.0.1") == 401);
  CHECK(ask("Bearer d", "10.0.0.1") == 429);
  CHECK(ask("Bearer right", "10.0.0.1") == 0);  // others' failures from this address do not lock it out
  CHECK(ask("Bearer e", "10.0.0.1") == 429);    // guessing from it stays braked
  CHECK(ask("Bearer right", "10.0.0.2") == 0);  // another address is untouched
  CHECK(ask("Bearer wrong", "10.0.0.2") == 401);
  // The guard off (rate 0): 401 for ever, as before.
  settings.auth_failure_limits = {0, 0};
  for (int i = 0; i < 10; ++i) CHECK(ask("Bearer x", "10.0.0.3") == 401);
}

TEST_CASE("the access decision names the key; the rate limit counts per key name") {
  access_settings settings;
  auto parsed =
      parse_key_file("k1-0123456789abcdef name=team-a repo:a/*\nk2-0123456789abcdef name=team-b *\n");
  settings.keys = api_keys(std::move(parsed.keys));
  rate_limits one{1, 1};
  rate_limiter clients;
  auto decide = [&](const char* auth) {
    auto decision = check_access({true, auth, "10.0.0.9"}, settings, nullptr);
    return clients.seconds_until_allowed(client_identity(decision.key, "10.0.0.9"), one);
  };
  auto first = check_access({true, "Bearer k1-0123456789abcdef", "10.0.0.9"}, settings, nullptr);
  CHECK_FALSE(first.refusal);
  REQUIRE(first.key);
  CHECK(first.key->name == "team-a");
  CHECK(client_identity(first.key, "10.0.0.9") == "key:team-a");
  CHECK(decide("Bearer k1-0123456789abcdef") == 0);
  CHECK(decide("Bearer k1-0123456789abcdef") >= 1);
  CHECK(decide("Bearer k2-0123456789abcdef") == 0);  // another key from the same address has its own bucket
  // Health needs no key and names none: its client is its address.
  auto health = check_access({false, "", "10.0.0.9"}, settings, nullptr);
  CHECK_FALSE(health.refusal);
  CHECK_FALSE(health.key);
  CHECK(client_identity(health.key, "10.0.0.9") == "ip:10.0.0.9");
}

TEST_CASE("seconds_until_token looks without taking") {
  rate_limiter limiter;
  rate_limits one{1, 1};
  auto now = rate_limiter::clock_type::now();
  CHECK(limiter.seconds_until_token("a", one, now) == 0);
  CHECK(limiter.seconds_until_token("a", one, now) == 0);
  CHECK(limiter.seconds_until_allowed("a", one, now) == 0);
  CHECK(limiter.seconds_until_token("a", one, now) == 1);
  CHECK(limiter.seconds_until_token("a", one, now + std::chrono::seconds(1)) == 0);
}

TEST_CASE(
    "a reload names what it cannot change: every setting given differently but CORS, keys, limits, audit") {
  auto config_of = [](const environment& env) {
    auto parsed = parse_config(env, {});
    REQUIRE(parsed.config);
    return *parsed.config;
  };
  auto running = config_of({{"CORS_ORIGINS", "*"}, {"MAX_URL_BYTES", "1000"}, {"RATE_LIMIT_RPS", "1"}});
  auto loaded = config_of({{"CORS_ORIGINS", "https://a.example"},
                           {"MAX_URL_BYTES", "64"},
                           {"RATE_LIMIT_RPS", "5"},
                           {"AUDIT_LOG", "on"},
                           {"HEALTH_HEALTHY_THRESHOLD", "2"}});
  CHECK(settings_needing_restart(running, loaded) ==
        std::vector<std::string>{"HEALTH_HEALTHY_THRESHOLD", "MAX_URL_BYTES"});
  CHECK(settings_needing_restart(running, running).empty());
}

TEST_CASE(
    "TRUSTED_PROXIES: a trusted proxy's word names the client, from the right; anyone else's is ignored") {
  std::string error;
  auto trusted = parse_trusted_proxies("10.0.0.0/8, 192.168.1.7 ,fd00::/8", error);
  REQUIRE(trusted);
  CHECK(trusted->contains("10.1.2.3"));
  CHECK(trusted->contains("::ffff:10.1.2.3"));
  CHECK(trusted->contains("192.168.1.7"));
  CHECK_FALSE(trusted->contains("192.168.1.8"));
  CHECK(trusted->contains("fd12::1"));
  CHECK_FALSE(trusted->contains("fe80::1"));
  CHECK_FALSE(trusted->contains("not an ip"));
  // X-Forwarded-For: the nearest untrusted hop from the right; a client's own forged entries stay left.
  CHECK(client_address_of("10.0.0.5", "", "6.6.6.6, 203.0.113.9", *trusted) == "203.0.113.9");
  CHECK(client_address_of("10.0.0.5", "", "203.0.113.9, 10.0.0.9", *trusted) == "203.0.113.9");
  CHECK(client_address_of("10.0.0.5", "", "10.0.0.8,10.0.0.9", *trusted) == "10.0.0.8");  // all trusted
  CHECK(client_address_of("10.0.0.5", "", "", *trusted) == "10.0.0.5");
  CHECK(client_address_of("10.0.0.5", "", "garbage, 10.0.0.9", *trusted) == "10.0.0.9");
  // Not from a trusted proxy: its headers say nothing.
  CHECK(client_address_of("203.0.113.9", "", "1.2.3.4", *trusted) == "203.0.113.9");
  CHECK(client_address_of("203.0.113.9", "for=1.2.3.4", "", parse_trusted_proxies("", error).value()) ==
        "203.0.113.9");
  // Forwarded (RFC 7239) first: quoted, bracketed v6, ports, unknown.
  CHECK(client_address_of("10.0.0.5", R"(for="[2001:db8:cafe::17]:4711";proto=https)", "9.9.9.9", *trusted) ==
        "2001:db8:cafe::17");
  CHECK(client_address_of("10.0.0.5", "for=198.51.100.4:5000, For=10.0.0.3;by=10.0.0.5", "", *trusted) ==
        "198.51.100.4");
  CHECK(client_address_of("10.0.0.5", "for=unknown, for=10.0.0.3", "", *trusted) == "10.0.0.3");
  CHECK(canonical_address("::ffff:1.2.3.4") == "1.2.3.4");
  for (const char* bad : {"10.0.0.0/33", "fd00::/129", "10.0.0", "example.com", "10.0.0.0/x"}) {
    INFO(bad);
    CHECK_FALSE(parse_trusted_proxies(bad, error));
  }
  auto config = parse_config({{"TRUSTED_PROXIES", "10.0.0.0/8"}}, {"--trusted-proxies=172.16.0.0/12"});
  REQUIRE(config.config);
  CHECK(config.config->trusted_proxies.contains("172.16.5.5"));
  CHECK_FALSE(config.config->trusted_proxies.contains("10.0.0.1"));
  CHECK_FALSE(parse_config({{"TRUSTED_PROXIES", "10.0.0.0/99"}}, {}).config);
}
