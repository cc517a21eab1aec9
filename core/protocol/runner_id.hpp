// Runner ids taken from a request path: decoded once, then checked against a strict alphabet.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/text/ascii_text.hpp"  // percent_decode

namespace gw {

// True when `id` is one segment of [A-Za-z0-9][A-Za-z0-9_.-]{0,127}.
bool is_valid_runner_id(std::string_view id);

// The runner id of a raw path segment, or nullopt when it must not be forwarded.
std::optional<std::string> runner_id_from_segment(std::string_view raw_segment);

// Whether the orchestrator's lookup of a destroyed id it did not create since its start (Docker's name
// filter: an unanchored regular expression, so a substring and '.' any character) finds `container_name`.
bool name_filter_finds(std::string_view id, std::string_view container_name);

}  // namespace gw
