#include "telemetry/audit_log.hpp"

#include <spdlog/spdlog.h>

#include "telemetry/exposition.hpp"
#include "telemetry/log_fields.hpp"

namespace gw {

namespace {
// Key names, actions and outcomes are label-safe by construction (names: A-Z a-z 0-9 . _ - # :).
labelled_counter audit_events{"gha_gateway_audit_events_total",
                              "Audited calls (create, destroy, cleanup) by API key name, action and outcome.",
                              10000};
}  // namespace

void write_audit(const incoming_request& request, const audit_record& record) {
  audit_events.add("key=\"" + std::string(record.key) + "\",action=\"" + std::string(record.action) +
                   "\",outcome=\"" + std::string(record.outcome) + "\"");
  auto logger = spdlog::get("api-gateway.audit");
  if (!logger) logger = spdlog::default_logger();
  auto status_text = std::to_string(record.status);
  const log_field fields[] = {{"key", record.key},
                              {"scope", record.scope.empty() ? std::string_view("-") : record.scope},
                              {"runners", record.runners.empty() ? std::string_view("-") : record.runners},
                              {"status", status_text, true},
                              {"outcome", record.outcome},
                              {"client", request.client_address},
                              {"request_id", request.request_id},
                              {"trace_id", request.trace_id}};
  log_fields_scope scope(fields);
  logger->info("AUDIT {}", record.action);
}

}  // namespace gw
