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

#include "core/webhooks/job_record.hpp"

namespace gw {

using webhook_job = webhook_job_record;  // core/webhooks/job_record

struct webhook_admission {
  enum class verdict { accepted, duplicate, queue_full, store_unavailable };
  verdict outcome = verdict::accepted;
};

using webhook_job_update = webhook_job_update_record;

// What a script of the shared webhook queue answered (REDIS_URL), back at the dispatcher: the text, or none.
struct webhook_store_reply {
  enum class kind { lead, fetch, start };
  kind what = kind::lead;
  bool answered = false;
  std::string text;
  std::string entry_id;  // start: the job's stream entry
};

// Shutdown: create what can be created before `deadline`, then log what is left; `done` is set then.
struct drain_request {
  std::chrono::steady_clock::time_point deadline;
  std::shared_ptr<std::promise<void>> done;
};

}  // namespace gw
