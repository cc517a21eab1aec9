// A GitHub webhook delivery's payload, as far as runners need it: the JSON out of either body GitHub sends
// (application/json, or application/x-www-form-urlencoded with the JSON in `payload`), and the fields of a
// workflow_job event (github-webhooks.md). Only called once the signature over the raw body is valid.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

// The JSON text of a delivery's body; nullopt when the content type is neither of GitHub's two or a form
// body has no single well-formed `payload` field.
std::optional<std::string> webhook_payload_text(std::string_view content_type, std::string_view body);

struct workflow_job_event {
  std::string action;  // queued, waiting, in_progress, completed (others are kept as sent)
  std::uint64_t job_id = 0;
  std::uint64_t run_id = 0;
  std::uint64_t run_attempt = 1;
  std::vector<std::string> labels;   // the job's runs-on
  std::string repository;            // repository.full_name, owner/repo
  std::string organization;          // organization.login; "" when the repository is a user's
  std::string runner_name;           // the runner that took it (in_progress, completed); "" while queued
  std::optional<double> created_at;  // Unix seconds
  std::optional<double> started_at;
};

struct workflow_job_parse {
  std::optional<workflow_job_event> event;
  std::string error;  // why the payload is not a usable workflow_job event (client-facing, Spanish)
};

workflow_job_parse parse_workflow_job(std::string_view json);

// "2021-11-16T10:50:26Z" (or with a fraction or a +hh:mm offset) as Unix seconds; nullopt otherwise.
std::optional<double> parse_github_time(std::string_view text);

}  // namespace gw
