// What the audit line of a state-changing call (create, destroy, cleanup) says: who (the key's name, never
// the key), on what (scope, runner ids), and how it ended. Written by telemetry/audit_log.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/http_reply.hpp"
#include "core/protocol/routes.hpp"
#include "core/runners/runner_procedure.hpp"

namespace gw {

struct audit_record {
  std::string_view action;   // create, destroy, cleanup
  std::string_view key;      // the key's name; "-" when keys are off
  std::string scope;         // repo:OWNER/REPO, org:NAME, * (a cleanup), "" when unknown
  std::string runners;       // the runner ids concerned, comma-separated ("" when none)
  unsigned status = 0;       // the client's answer
  std::string_view outcome;  // succeeded, forbidden (403 by grants), hidden (404 by grants), rejected, failed
};

// The action name of an audited route, or nullopt for the routes that change nothing.
std::optional<std::string_view> audited_action(route_kind kind);

std::string_view audit_outcome(unsigned status, bool refused_by_grants);

// The runner ids an answer concerns: a create's data[].runner_id, a cleanup's data.cleaned_runners, a
// destroy's own id. Sanitized for a log line.
std::string audited_runner_ids(route_kind kind, std::string_view answer_body, std::string_view runner_id);

// Whether an answered call on an audited route gets its line: a call of it was forwarded (the orchestrator
// may have acted), or the key's grants decided it (a 403, a runner hidden as 404). A body refused before
// anything was sent changed nothing (the access log has it).
bool deserves_audit(bool forwarded, const runner_procedure* procedure);

// The record of an answered request on an audited route: `key_name` "" when keys are off; `procedure` null
// when none began (a refused create body).
audit_record audit_record_for(route_kind kind, std::string_view key_name, const runner_procedure* procedure,
                              std::string_view runner_id, const http_reply& answer);

}  // namespace gw
