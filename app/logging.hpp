// The reference's log format, "2026-11-29 05:23:28,159 - api-gateway - INFO - message key=value", or with
// LOG_FORMAT=json one JSON object per line (time, level, logger, message and the request's fields).
#pragma once
#include <string>

namespace gw {
void setup_logging(const std::string& level, const std::string& format);
}
