// A forwarded request whose first attempt failed in a retryable way, handed from its I/O thread to the
// orchestrator-proxy actor, which waits out the backoff on a timer and runs the remaining attempts.
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "core/routes.hpp"
#include "core/upstream.hpp"
#include "messages/reply_sink.hpp"

namespace gw {

class upstream_client;

struct retry_job {
  std::shared_ptr<reply_sink> sink;
  route_kind route = route_kind::not_found;
  std::string runner_id;
  upstream_call call;
  int attempts = 0;                                // attempts already made
  upstream_outcome last;                           // outcome of the latest attempt
  upstream_client* client = nullptr;               // the pool of the request's I/O thread
  std::chrono::steady_clock::time_point deadline;  // no attempt or backoff reaches past it
};

}  // namespace gw
