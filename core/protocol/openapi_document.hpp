// The OpenAPI 3 document (docs/openapi.json), compiled into the binary with the project's version.
#pragma once
#include <string_view>

namespace gw {
std::string_view openapi_document();
}
