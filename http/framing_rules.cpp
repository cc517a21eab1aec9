#include "http/framing_rules.hpp"

#include "core/ascii_text.hpp"
#include "core/envelope.hpp"

namespace gw {

bool has_obsolete_line_folding(std::string_view bytes) {
  for (auto nl = bytes.find('\n'); nl != std::string_view::npos && nl + 1 < bytes.size();
       nl = bytes.find('\n', nl + 1)) {
    char next = bytes[nl + 1];
    if (next == ' ' || next == '\t') return true;
    if (next == '\r' || next == '\n') return false;  // the blank line: end of the head
  }
  return false;
}

bool is_exactly_chunked(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return iequals_ascii(value, "chunked");
}

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
