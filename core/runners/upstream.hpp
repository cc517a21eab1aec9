// One call to the orchestrator, and what came of one attempt at it.
#pragma once
#include <string>
#include <utility>

namespace gw {

// What an orchestrator call asks of it, which sizes how long one attempt may take.
enum class call_work {
  quick,    // reads and health: answered at once unless the orchestrator is frozen by other work
  create,   // creates `runners` runners, one after another
  destroy,  // destroys up to `runners` containers (at least one), each up to Docker's stop timeout
};

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
  std::string traceparent;    // this call's span of the request's trace (W3C trace context)
  std::string tracestate;     // the client's, passed on
  bool health_probe = false;  // the monitor's poll: not counted in the request metrics
  call_work work = call_work::quick;
  unsigned runners = 0;  // for create and destroy work
};

// Which connection an attempt may take: its thread's pool offers an idle one first.
enum class connection_use {
  pooled_or_new,
  new_only,  // the retry of an attempt whose pooled connection was found dead
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
  // An earlier attempt of the same call timed out or broke after it was written: the orchestrator may
  // have done the work already (a retried destroy that finds 404 means the runner is gone).
  bool earlier_attempt_lost = false;
  // Create only: the client's deadline passed while the attempt runs on; its outcome is logged later.
  bool still_running = false;
  // The attempt took an idle pooled connection that turned out closed before any byte of an answer came
  // (`failure` says whether the request was written). The retry policy decides what follows.
  bool stale_connection = false;
};

}  // namespace gw
