// The gateway's version, defined once in CMakeLists.txt.
#pragma once
#include <string_view>

namespace gw {
std::string_view version();
}
