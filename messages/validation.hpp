// What the validator actor is asked about a create, and what it answers.
#pragma once
#include <string>
#include <string_view>

namespace gw {

// Views into the request's session, valid until the request is answered.
struct create_body {
  std::string_view content_type;
  std::string_view body;
};

struct create_verdict {
  unsigned status = 0;         // 0: valid; else the 4xx to answer with `message`
  std::string message;         // client-facing, when refused
  std::string canonical_body;  // when valid: the orchestrator's body, rebuilt from validated fields
  unsigned count = 0;          // when valid: the runners it asks for (sizes the create's time budget)
  std::string scope;           // when valid: what the key's grants are checked against
  std::string scope_name;
};

}  // namespace gw
