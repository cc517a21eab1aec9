// What a request's framing must meet beyond what Beast's parser checks (RFC 9112), so that no proxy in
// front can read the same bytes as a different request. Each breach is answered before anything is
// routed, and the connection closes after the answer.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/http_reply.hpp"
#include "http/request_head_parser.hpp"

namespace gw {

// Obsolete line folding (a header line that starts with a space or tab) in the head at the start of
// `bytes`; the scan stops at the blank line that ends the head.
bool has_obsolete_line_folding(std::string_view bytes);

// A Transfer-Encoding value that is exactly the one coding served: "chunked" (ASCII case-insensitive,
// surrounding spaces and tabs ignored). "gzip, chunked" or "chunked;q=1" are not.
bool is_exactly_chunked(std::string_view value);

// The answer to a head that breaks a rule, or nothing: an unknown transfer coding is 501; no Host in
// HTTP/1.1, two Hosts, or ambiguous framing (Transfer-Encoding with Content-Length, with HTTP/1.0, twice;
// Content-Length twice or as a list) is 400; more than `max_header_fields` fields is 431.
std::optional<http_reply> framing_refusal(const request_head& head, bool chunked,
                                          std::size_t max_header_fields);

}  // namespace gw
