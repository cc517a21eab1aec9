// W3C trace context (https://www.w3.org/TR/trace-context/): which trace a request belongs to. A client's
// valid `traceparent` is continued (its trace id and flags), else a new trace starts here; each call to the
// orchestrator is a new span of it, and a `tracestate` of W3C's syntax is passed on as it came.
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

// A tracestate worth passing on: at most 512 characters, and W3C's list of at most 32 members `key=value`
// (key: a-z then a-z 0-9 _ - * /, up to 256, or tenant@system; value: up to 256 printable characters but
// ',' and '=', not ending in a space), no key twice; empty members between commas are allowed.
bool is_acceptable_tracestate(std::string_view tracestate);

}  // namespace gw
