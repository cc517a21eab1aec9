#include "telemetry/access_log.hpp"

#include <spdlog/spdlog.h>

#include "core/text/log_text.hpp"
#include "telemetry/log_fields.hpp"
#include "telemetry/metrics.hpp"

namespace gw {

bool is_quiet_probe(path_family family, bool from_loopback) {
  return from_loopback && (family == path_family::health || family == path_family::healthz);
}

void record_answer(const incoming_request& request, unsigned status,
                   std::chrono::steady_clock::time_point now, std::string_view key_name) {
  auto elapsed = now - request.started_at;
  gateway_metrics().count_request(request.family, metric_method_for(request.method), status, elapsed);
  if (is_quiet_probe(request.family, request.client_is_loopback)) return;
  if (!spdlog::should_log(spdlog::level::info)) return;
  auto millis = std::chrono::duration<double, std::milli>(elapsed).count();
  auto method = sanitize_for_log(request.method, 16);
  auto path = sanitize_for_log(request.path);
  auto status_text = std::to_string(status);
  auto millis_text = fmt::format("{:.1f}", millis);
  const log_field fields[] = {{"client", request.client_address},
                              {"request_id", request.request_id},
                              {"trace_id", request.trace_id},
                              {"method", method, false, true},
                              {"path", path, false, true},
                              {"status", status_text, true, true},
                              {"duration_ms", millis_text, true, true},
                              {"key", key_name}};
  log_fields_scope scope(fields, key_name.empty() ? std::size(fields) - 1 : std::size(fields));
  spdlog::info("{} {} {} {}ms", method, path, status, millis_text);
}

}  // namespace gw
