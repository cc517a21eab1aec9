// Why a session refused a request before any route saw it, as the session knows it (bytes, framing, limits,
// capacity), and the answer each gets: the one place that turns those reasons into statuses and texts.
#pragma once
#include <cstdint>

#include "core/protocol/http_reply.hpp"

namespace gw {

enum class session_refusal : std::uint8_t {
  malformed,            // 400: unreadable, or ambiguous framing
  folded_header,        // 400: obsolete line folding
  host_required,        // 400: no Host in HTTP/1.1, or two
  not_on_metrics_port,  // 404: METRICS_PORT serves /metrics and the probes only
  body_too_large,       // 413
  url_too_long,         // 414
  header_too_large,     // 431: head bytes or field count
  transfer_coding,      // 501: a Transfer-Encoding other than chunked
  saturated,            // 503 with Retry-After: past MAX_CONNECTIONS or the address's share
};

http_reply reply_for(session_refusal refusal);

}  // namespace gw
