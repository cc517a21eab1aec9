// The reference's log format: "2026-11-29 05:23:28,159 - api-gateway - INFO - message".
#pragma once
#include <string>

namespace gw {
void setup_logging(const std::string& level);
}
