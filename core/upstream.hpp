// One call to the orchestrator, and what came of one attempt at it.
#pragma once
#include <string>
#include <utility>

namespace gw {

enum class retry_class {
  idempotent,  // GET, DELETE, cleanup: retried on transport failures, timeouts and 502/503/504
  create,      // POST /runners/create: retried only when nothing was written (no duplicate runners)
};

struct upstream_call {
  upstream_call() = default;
  upstream_call(std::string m, std::string t, std::string b, retry_class r)
      : method(std::move(m)), target(std::move(t)), body(std::move(b)), retry(r) {}

  std::string method;  // "GET", "POST", "DELETE"
  std::string target;  // orchestrator path, e.g. /runners/abc/status
  std::string body;    // JSON, empty for none
  retry_class retry = retry_class::idempotent;
  std::string request_id;     // sent as X-Request-ID
  bool health_probe = false;  // the monitor's poll: not counted in the request metrics
};

enum class upstream_failure {
  none,       // an HTTP answer arrived: see status and body
  not_sent,   // connecting failed; the request never left
  transport,  // the connection broke after the request was (maybe) written
  timeout,    // no complete answer within the per-attempt timeout
  fail_fast,  // not attempted: the orchestrator is known to be down
};

struct upstream_outcome {
  upstream_failure failure = upstream_failure::none;
  unsigned status = 0;
  std::string body;
};

}  // namespace gw
