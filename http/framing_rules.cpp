#include "http/framing_rules.hpp"

#include "core/protocol/envelope.hpp"

namespace gw {

std::optional<http_reply> framing_refusal(const request_head& head, bool chunked,
                                          std::size_t max_header_fields) {
  if (head.field_count > max_header_fields) return error_reply(431, messages::header_too_large);
  if (head.unknown_transfer_coding) return error_reply(501, messages::transfer_coding_not_supported);
  if (head.host_fields > 1 || (head.version >= 11 && head.host_fields == 0))
    return error_reply(400, messages::host_required);
  bool has_te = head.transfer_encoding_fields > 0;
  if (has_te && (!chunked || head.version < 11 || head.content_length_fields > 0))
    return error_reply(400, messages::malformed_request);
  if (head.transfer_encoding_fields > 1 || head.content_length_fields > 1 || head.content_length_list)
    return error_reply(400, messages::malformed_request);
  return std::nullopt;
}

}  // namespace gw
