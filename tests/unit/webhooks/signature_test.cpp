#include <catch2/catch.hpp>

#include "core/access/access_control.hpp"
#include "core/access/api_keys.hpp"
#include "core/webhooks/webhook_access.hpp"
#include "core/webhooks/webhook_signature.hpp"
#include "stores/rate_limiter.hpp"

using namespace gw;
using verdict = signature_check::verdict;

TEST_CASE("GitHub's documented test vector") {
  CHECK(signature_header_for("It's a Secret to Everybody", "Hello, World!") ==
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  auto check = check_signature("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                               "Hello, World!", {"It's a Secret to Everybody"});
  CHECK(check.outcome == verdict::valid);
}

TEST_CASE("a signature is over the raw bytes, exactly") {
  std::string secret = "0123456789abcdef-secret";
  std::string json = R"({"action":"queued","workflow_job":{"id":1}})";
  std::string form = "payload=%7B%22action%22%3A%22queued%22%7D";
  auto over_json = signature_header_for(secret, json);
  auto over_form = signature_header_for(secret, form);
  CHECK(check_signature(over_json, json, {secret}).outcome == verdict::valid);
  CHECK(check_signature(over_form, form, {secret}).outcome == verdict::valid);
  CHECK(check_signature(over_json, json + " ", {secret}).outcome == verdict::wrong);
  CHECK(check_signature(over_json, form, {secret}).outcome == verdict::wrong);
  CHECK(check_signature(over_json, json, {"another-secret-entirely"}).outcome == verdict::wrong);
  CHECK(check_signature(over_json, "", {secret}).outcome == verdict::wrong);
}

TEST_CASE("missing, malformed and SHA-1 signatures") {
  std::string secret = "0123456789abcdef-secret";
  auto good = signature_header_for(secret, "x");
  CHECK(check_signature("", "x", {secret}).outcome == verdict::missing);
  CHECK(check_signature("  ", "x", {secret}).outcome == verdict::missing);
  CHECK(check_signature("sha1=0123456789abcdef0123456789abcdef01234567", "x", {secret}).outcome ==
        verdict::malformed);
  CHECK(check_signature(good.substr(0, good.size() - 1), "x", {secret}).outcome == verdict::malformed);
  CHECK(check_signature(good + "0", "x", {secret}).outcome == verdict::malformed);
  CHECK(check_signature("sha256=" + std::string(64, 'g'), "x", {secret}).outcome == verdict::malformed);
  CHECK(check_signature(good.substr(7), "x", {secret}).outcome == verdict::malformed);
  // Either case of the hex digits and of the scheme.
  std::string upper = good;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(check_signature(upper, "x", {secret}).outcome == verdict::valid);
}

TEST_CASE("during a rotation either secret signs, and which one is told") {
  auto check = check_signature(signature_header_for("the-new-secret-0123", "body"), "body",
                               {"the-old-secret-0123", "the-new-secret-0123"});
  CHECK(check.outcome == verdict::valid);
  CHECK(check.secret_index == 1);
  CHECK(check_signature(signature_header_for("the-old-secret-0123", "body"), "body",
                        {"the-old-secret-0123", "the-new-secret-0123"})
            .secret_index == 0);
  CHECK(check_signature(signature_header_for("x-secret-0123456789", "body"), "body", {}).outcome ==
        verdict::wrong);
}

TEST_CASE("a bad signature costs the address's failure budget, a good one never does") {
  access_settings settings;
  settings.webhook_secrets = unscoped_keys({"the-webhook-secret-1"});
  settings.auth_failure_limits = {1, 2};
  rate_limiter failures;
  std::string body = "{}";
  auto good = signature_header_for("the-webhook-secret-1", body);
  auto bad = signature_header_for("not-the-secret-12345", body);
  CHECK(check_webhook_signature({bad, false, body, "10.0.0.1"}, settings, &failures).refusal->status == 401);
  CHECK(check_webhook_signature({"", false, body, "10.0.0.1"}, settings, &failures).refusal->status == 401);
  auto third = check_webhook_signature({bad, false, body, "10.0.0.1"}, settings, &failures);
  CHECK(third.refusal->status == 429);
  CHECK(check_webhook_signature({bad, false, body, "10.0.0.2"}, settings, &failures).refusal->status == 401);
  auto passed = check_webhook_signature({good, false, body, "10.0.0.1"}, settings, &failures);
  CHECK_FALSE(passed.refusal);
  REQUIRE(passed.secret != nullptr);
  CHECK(passed.secret->grants.everything());
  // Two signature fields: neither is believed.
  CHECK(check_webhook_signature({good, true, body, "10.0.0.3"}, settings, &failures).refusal->status == 401);
}

TEST_CASE("the secrets file: the keys file's lines, secrets in clear, grants optional") {
  auto file = parse_key_file("whsec-0123456789abcdef name=acme repo:acme/*\nwhsec-fedcba9876543210\n",
                             webhook_secret_file_rules);
  REQUIRE(file.error.empty());
  REQUIRE(file.keys.size() == 2);
  CHECK(file.keys[0].name == "acme");
  CHECK(file.keys[0].secret == "whsec-0123456789abcdef");
  CHECK(file.keys[0].grants.covers("repo", "acme/app"));
  CHECK_FALSE(file.keys[0].grants.covers("repo", "other/app"));
  CHECK(file.keys[1].grants.everything());
  auto hashed = parse_key_file("sha256:" + std::string(64, 'a') + " *\n", webhook_secret_file_rules);
  CHECK_FALSE(hashed.error.empty());
  CHECK(parse_key_file("short *\n", webhook_secret_file_rules).error.find("shorter") != std::string::npos);
  CHECK_FALSE(parse_key_file("whsec-0123456789abcdef *", webhook_secret_file_rules).error.empty());
  // The keys file itself still needs a grant on every line.
  CHECK_FALSE(parse_key_file("whsec-fedcba9876543210\n").error.empty());
}
