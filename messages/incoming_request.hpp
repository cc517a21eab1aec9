// A complete HTTP request as the session hands it on. The views point into the session's parsed request,
// which stays unchanged until the request is answered.
#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "core/protocol/routes.hpp"

namespace gw {

struct incoming_request {
  std::string_view method;
  std::string_view target;
  std::string_view path;  // the target without its query
  path_family family = path_family::other;
  std::string_view body;  // valid while the handler runs (it copies what it keeps)
  std::string_view origin;
  std::string_view preflight_method;   // Access-Control-Request-Method
  std::string_view preflight_headers;  // Access-Control-Request-Headers
  std::string_view authorization;
  std::string_view content_type;
  std::string_view client_ip;
  std::string_view client_address;  // ip:port, for the log ([ip]:port for IPv6)
  bool client_is_loopback = false;
  std::string_view request_id;  // X-Request-ID: the client's when well-formed, else generated
  // W3C trace context: the client's trace when its traceparent is valid, else a new one.
  std::string_view trace_id;         // 32 lower-hex digits
  std::string_view trace_flags;      // 2
  std::string_view tracestate;       // passed on as it came (empty when its traceparent was not valid)
  std::string_view idempotency_key;  // Idempotency-Key as it came (core/idempotency checks it)
  bool has_idempotency_key = false;
  bool idempotency_key_repeated = false;  // sent more than once: refused (400)
  bool via_metrics_port = false;          // came in on METRICS_PORT (only /metrics and the probes)
  // A GitHub delivery's X-GitHub-Event, X-GitHub-Delivery and X-Hub-Signature-256, as they came.
  std::string_view github_event;
  std::string_view github_delivery;
  std::string_view hub_signature;
  bool hub_signature_repeated = false;
  // When its first byte came: the access log's duration counts from here.
  std::chrono::steady_clock::time_point started_at;
  // When the whole request was in: its life (REQUEST_TIMEOUT_SECONDS) counts from here.
  std::chrono::steady_clock::time_point arrived_at;
};

}  // namespace gw
