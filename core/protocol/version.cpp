#include "core/protocol/version.hpp"

namespace gw {
std::string_view version() {
  return GW_VERSION;
}
}  // namespace gw
