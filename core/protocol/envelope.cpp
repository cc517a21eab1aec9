#include "core/protocol/envelope.hpp"

#include "core/text/json_text.hpp"
#include "runtime/wall_clock.hpp"

namespace gw {

namespace {
std::string envelope(std::string_view status, std::string_view data_json, std::string_view message) {
  std::string out;
  out.reserve(data_json.size() + message.size() + 96);
  out += "{\"status\":\"";
  out += status;
  out += "\",\"data\":";
  out += data_json;
  out += ",\"message\":";
  append_json_string(out, message);
  out += ",\"timestamp\":\"";
  append_utc_timestamp(out);
  out += "\"}";
  return out;
}
}  // namespace

std::string success_envelope(std::string_view data_json, std::string_view message) {
  return envelope("success", data_json, message);
}

std::string error_envelope(std::string_view message) {
  return envelope("error", "null", message);
}

http_reply success_reply(std::string_view data_json, std::string_view message) {
  http_reply reply;
  reply.body = success_envelope(data_json, message);
  return reply;
}

http_reply error_reply(unsigned status, std::string_view message) {
  http_reply reply;
  reply.status = status;
  reply.body = error_envelope(message);
  return reply;
}

}  // namespace gw
