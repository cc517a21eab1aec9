// What a request's framing must meet beyond what Beast's parser checks (RFC 9112), so that no proxy in
// front can read the same bytes as a different request. Each breach is answered before anything is
// routed, and the connection closes after the answer.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/protocol/session_refusal.hpp"
#include "http/request_head_parser.hpp"

namespace gw {

// Why a head that breaks a rule is refused, or nothing: an unknown transfer coding is 501; no Host in
// HTTP/1.1, two Hosts, or ambiguous framing (Transfer-Encoding with Content-Length, with HTTP/1.0, twice;
// Content-Length twice or as a list) is 400; more than `max_header_fields` fields is 431.
std::optional<session_refusal> framing_refusal(const request_head& head, bool chunked,
                                               std::size_t max_header_fields);

}  // namespace gw
