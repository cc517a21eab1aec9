#include "core/idempotency/idempotency.hpp"

#include <algorithm>

#include "core/protocol/envelope.hpp"

namespace gw {

std::string idempotency_record_id(std::string_view caller, std::string_view key) {
  std::string id = std::to_string(caller.size());
  id += ':';
  id += caller;
  id += key;
  return id;
}

idempotency_key parse_idempotency_key(std::string_view header, bool present) {
  if (!present) return {};
  if (header.size() >= 2 && header.front() == '"' && header.back() == '"') {
    header = header.substr(1, header.size() - 2);
    if (header.find_first_of("\"\\") != std::string_view::npos)
      return {idempotency_key::state::malformed, {}};
  }
  bool printable = std::all_of(header.begin(), header.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
  if (header.empty() || header.size() > 255 || !printable) return {idempotency_key::state::malformed, {}};
  return {idempotency_key::state::valid, std::string(header)};
}

answer_keeping keeping_for(unsigned status, bool never_delivered, bool orchestrator_error) {
  if ((status >= 400 && status < 500) || never_delivered) return answer_keeping::none;
  if (status >= 500 && orchestrator_error) return answer_keeping::brief;
  return answer_keeping::whole_ttl;
}

std::optional<http_reply> reply_for_claim(const idempotency_claim_result& claim) {
  switch (claim.what) {
    case idempotency_claim_result::verdict::forward:
      return std::nullopt;
    case idempotency_claim_result::verdict::in_flight: {
      auto reply = error_reply(409, messages::idempotency_in_flight);
      reply.headers.emplace_back("Retry-After", "1");
      return reply;
    }
    case idempotency_claim_result::verdict::different_request:
      return error_reply(422, messages::idempotency_key_reused);
    case idempotency_claim_result::verdict::caller_full: {
      auto reply = error_reply(429, messages::idempotency_caller_full);
      reply.headers.emplace_back("Retry-After", "1");
      return reply;
    }
    case idempotency_claim_result::verdict::replay: {
      http_reply reply;
      reply.status = claim.answer.status;
      reply.body = claim.answer.body;
      reply.headers.emplace_back("Idempotent-Replayed", "true");
      return reply;
    }
  }
  return std::nullopt;
}

}  // namespace gw
