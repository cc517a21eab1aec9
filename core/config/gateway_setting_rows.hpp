// Every setting of the gateway's own configuration (gateway_config), each declared once: its variable, its
// default as --help shows it, its help line and how its text is applied. The webhook's settings are declared
// in their own unit (core/webhooks/webhook_settings); core/config reads both tables.
#pragma once
#include <vector>

#include "core/config/gateway_config.hpp"
#include "core/text/setting_values.hpp"

namespace gw {

const std::vector<setting_row<gateway_config>>& gateway_setting_rows();

}  // namespace gw
