#include "telemetry/audit_log.hpp"

#include <spdlog/spdlog.h>

#include "telemetry/log_fields.hpp"
#include "telemetry/metrics.hpp"

namespace gw {

void write_audit(const incoming_request& request, const audit_record& record) {
  gateway_metrics().count_audit_event(record.key, record.action, record.outcome);
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
