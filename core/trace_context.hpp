// W3C trace context (https://www.w3.org/TR/trace-context/): which trace a request belongs to. A client's
// valid `traceparent` is continued (its trace id and flags), else a new trace starts here; each call to the
// orchestrator is a new span of it, and `tracestate` is passed on as it came.
#pragma once
#include <string>
#include <string_view>

namespace gw {

// Fills `trace_id` (32 lower-hex digits) and `flags` (2) from a valid `traceparent`, and returns true;
// otherwise starts a new trace (flags "01": this gateway records it) and returns false. Version 00 must be
// exactly 55 characters; a later version is read by its version-00 fields; version ff, upper-case hex and
// all-zero ids are invalid.
bool assign_trace(std::string& trace_id, std::string& flags, std::string_view traceparent);

// The traceparent of one call to the orchestrator: the request's trace, a new span id.
std::string child_traceparent(std::string_view trace_id, std::string_view flags);

// What the trace id of a traceparent is (its characters 3-34), for log lines.
std::string_view trace_id_of(std::string_view traceparent);

// A tracestate worth passing on: 1-512 characters of printable ASCII (no control bytes to split a header).
bool is_acceptable_tracestate(std::string_view tracestate);

}  // namespace gw
