// What the gateway does with one signed workflow_job delivery: whether the job is ours (its runs-on labels
// against WEBHOOK_RUNNER_LABELS), for which scope its runner is made (WEBHOOK_SCOPE), the create body sent
// through the same validation as an API create, and the keys that make each job one runner.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/webhooks/workflow_job.hpp"

namespace gw {

// WEBHOOK_RUNNER_LABELS as a set: lower-cased, blanks trimmed, empty entries dropped.
std::vector<std::string> parse_runner_label_set(std::string_view comma_separated);

// True when the job names at least one label and every one is in `ours` (case-insensitive, as GitHub
// matches runs-on).
bool job_labels_match(const std::vector<std::string>& job_labels, const std::vector<std::string>& ours);

enum class webhook_scope { repo, org };

struct runner_target {
  std::string scope;       // "repo" or "org"
  std::string scope_name;  // repository.full_name or organization.login
};

// nullopt when the scope asks for an organisation and the repository has none.
std::optional<runner_target> target_for(const workflow_job_event& job, webhook_scope scope);

// The runner made for one attempt of one job: its name says which, so a completed event and the
// orchestrator's list tell when it is gone. Delimited at both ends, so that no job's name contains another's
// (the orchestrator's destroy matches names by substring).
std::string runner_name_for(std::uint64_t job_id, std::uint64_t run_attempt);
// Whether a runner's name is one runner_name_for gives.
bool is_job_runner_name(std::string_view name);

// The create body for the job's runner: count 1, the job's labels.
std::string create_body_for(const runner_target& target, const workflow_job_event& job);

// X-GitHub-Delivery: a GUID as GitHub sends it (1-64 of A-Z a-z 0-9 and '-').
bool is_delivery_id(std::string_view id);

// The two ways one job could be asked for twice: the same delivery (a redelivery) and the same attempt of
// the same job (two deliveries of one event).
std::string delivery_dedup_key(std::string_view delivery_id);
std::string job_dedup_key(std::uint64_t job_id, std::uint64_t run_attempt);

// The wait before the next try of a create that did not reach a working orchestrator: 1 s, doubling, at
// most 60 s.
double redispatch_delay_seconds(unsigned failures);

}  // namespace gw
