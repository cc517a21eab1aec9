// What a webhook request actor and the webhook dispatcher say to each other: a job accepted for a runner
// (answered with its admission), and the later events of a job (in_progress, completed) that feed the caps
// and the metrics.
#pragma once
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>

namespace gw {

struct webhook_job {
  std::string delivery_id;  // X-GitHub-Delivery
  std::uint64_t job_id = 0;
  std::uint64_t run_attempt = 1;
  std::string scope;        // "repo" or "org"
  std::string scope_name;   // repository or organisation
  std::string create_body;  // validated and canonical: what the orchestrator is sent
  std::string signer;       // the name of the secret that signed the delivery (audit)
  std::string request_id;   // the delivery's request id, sent on as X-Request-ID
  std::string trace_id;
};

struct webhook_admission {
  enum class verdict { accepted, duplicate, queue_full, store_unavailable };
  verdict outcome = verdict::accepted;
};

struct webhook_job_update {
  std::string action;  // in_progress or completed
  std::uint64_t job_id = 0;
  std::uint64_t run_attempt = 1;
  std::string runner_name;
  std::optional<double> created_at;  // Unix seconds
  std::optional<double> started_at;
};

// Shutdown: create what can be created before `deadline`, then log what is left; `done` is set then.
struct drain_request {
  std::chrono::steady_clock::time_point deadline;
  std::shared_ptr<std::promise<void>> done;
};

}  // namespace gw
