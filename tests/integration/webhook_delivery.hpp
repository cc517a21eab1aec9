// GitHub's workflow_job deliveries as GitHub builds them (github-webhooks.md): a realistic payload, the
// X-GitHub-* headers, the HMAC-SHA256 signature over the raw body (OpenSSL, computed here independently of
// the gateway's code), as JSON or as the form GitHub's UI defaults to.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "harness.hpp"

namespace harness {

struct job_fields {
  std::string action = "queued";
  std::uint64_t job_id = 1000;
  std::uint64_t run_attempt = 1;
  std::string repository = "acme/app";
  std::string organization = "acme";  // "" for a user's repository
  std::vector<std::string> labels{"self-hosted", "linux", "x64"};
  std::string runner_name;  // set once a runner took it
};

// The tests' webhook secret (GitHub's documented example).
inline const std::string test_webhook_secret = "It's a Secret to Everybody";

// About 10 KB, with the fields GitHub sends (steps, URLs, the repository and sender objects).
std::string workflow_job_payload(const job_fields& job);

std::string hub_signature(const std::string& secret, const std::string& body);

struct delivery {
  std::string event = "workflow_job";
  std::string id;  // X-GitHub-Delivery; a fresh GUID when empty
  std::string body;
  bool form = false;       // application/x-www-form-urlencoded, payload=<json>
  std::string secret;      // signs the raw body; "" sends no X-Hub-Signature-256
  bool sha1_only = false;  // only the legacy X-Hub-Signature
};

response deliver(unsigned short port, delivery d);

// A queued job of `repository`, signed with test_webhook_secret.
delivery queued(std::uint64_t job_id, std::uint64_t attempt = 1, std::string repository = "acme/app");

// A new GUID-shaped delivery id.
std::string new_delivery_id();

// The bodies of the orchestrator's POST /runners/create requests so far.
std::vector<std::string> creates(simulator& sim);

}  // namespace harness
