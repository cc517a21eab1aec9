// An accepted webhook job and a job's later event, as the dispatcher keeps them and, with REDIS_URL, as
// they are written in the shared stream: one line per field (no field holds an end of line: each was
// validated, and the create body is canonical JSON, which escapes control characters), the body last.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

struct webhook_job_record {
  std::string delivery_id;  // X-GitHub-Delivery
  std::uint64_t job_id = 0;
  std::uint64_t run_attempt = 1;
  std::string scope;        // "repo" or "org"
  std::string scope_name;   // repository or organisation
  std::string create_body;  // validated and canonical: what the orchestrator is sent
  std::string signer;       // the name of the secret that signed the delivery (audit)
  std::string request_id;   // the delivery's request id, sent on as X-Request-ID
  std::string trace_id;
  long long received_unix_ms = 0;  // when the gateway accepted it (its TTL counts from here on any replica)
};

struct webhook_job_update_record {
  std::string action;  // in_progress or completed
  std::uint64_t job_id = 0;
  std::uint64_t run_attempt = 1;
  std::string runner_name;
  std::optional<double> created_at;  // Unix seconds
  std::optional<double> started_at;
};

// "" when a field holds an end of line (it cannot be written; nothing the gateway validated does).
std::string job_record_text(const webhook_job_record& job);
std::optional<webhook_job_record> job_record_from_text(std::string_view text);
std::string update_record_text(const webhook_job_update_record& update);
std::optional<webhook_job_update_record> update_record_from_text(std::string_view text);

// The entries a fetch script returned: "ID KIND LENGTH\n" then LENGTH bytes, one after another; KIND is 'j'
// (a job) or 'u' (an update). nullopt when the text is not that.
struct stream_entry {
  std::string id;
  char kind = 'j';
  std::string payload;
};
std::optional<std::vector<stream_entry>> stream_entries_from_text(std::string_view text);

}  // namespace gw
