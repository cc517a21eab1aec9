// The audit line of a state-changing call, on the logger "api-gateway.audit" (text or JSON as LOG_FORMAT
// says), with the request's client, request id and trace id; and its count in /metrics, by key name.
#pragma once
#include "core/runners/audit_record.hpp"
#include "messages/incoming_request.hpp"

namespace gw {

void write_audit(const incoming_request& request, const audit_record& record);

}  // namespace gw
