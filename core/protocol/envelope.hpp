// The reference's response envelope: {"status","data","message","timestamp"} (its texts: client_texts.hpp).
#pragma once
#include <string>
#include <string_view>

#include "core/protocol/client_texts.hpp"
#include "core/protocol/http_reply.hpp"

namespace gw {

// `data_json` is spliced in verbatim: it must already be valid JSON text.
std::string success_envelope(std::string_view data_json, std::string_view message);
std::string error_envelope(std::string_view message);

http_reply success_reply(std::string_view data_json, std::string_view message);
http_reply error_reply(unsigned status, std::string_view message);

}  // namespace gw
