#include "http/framing_rules.hpp"

namespace gw {

std::optional<session_refusal> framing_refusal(const request_head& head, bool chunked,
                                               std::size_t max_header_fields) {
  if (head.field_count > max_header_fields) return session_refusal::header_too_large;
  if (head.unknown_transfer_coding) return session_refusal::transfer_coding;
  if (head.host_fields > 1 || (head.version >= 11 && head.host_fields == 0))
    return session_refusal::host_required;
  bool has_te = head.transfer_encoding_fields > 0;
  if (has_te && (!chunked || head.version < 11 || head.content_length_fields > 0))
    return session_refusal::malformed;
  if (head.transfer_encoding_fields > 1 || head.content_length_fields > 1 || head.content_length_list)
    return session_refusal::malformed;
  return std::nullopt;
}

}  // namespace gw
