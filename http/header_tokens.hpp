// Two byte-level checks of a request head that both its parser and its session make.
#pragma once
#include <string_view>

namespace gw {

// Obsolete line folding (a header line that starts with a space or tab) in the head at the start of
// `bytes`; the scan stops at the blank line that ends the head.
bool has_obsolete_line_folding(std::string_view bytes);

// A Transfer-Encoding value that is exactly the one coding served: "chunked" (ASCII case-insensitive,
// surrounding spaces and tabs ignored). "gzip, chunked" or "chunked;q=1" are not.
bool is_exactly_chunked(std::string_view value);

}  // namespace gw
