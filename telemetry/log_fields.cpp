#include "telemetry/log_fields.hpp"

#include "core/text/json_text.hpp"

namespace gw {

namespace {
thread_local log_fields_view current;
}

log_fields_scope::log_fields_scope(const log_field* fields, std::size_t count)
    : saved_fields_(current.fields), saved_count_(current.count) {
  current = {fields, count};
}

log_fields_scope::~log_fields_scope() {
  current = {saved_fields_, saved_count_};
}

log_fields_view current_log_fields() {
  return current;
}

void append_text_fields(std::string& out, log_fields_view fields) {
  for (std::size_t i = 0; i < fields.count; ++i) {
    if (fields.fields[i].json_only) continue;
    out += ' ';
    out += fields.fields[i].key;
    out += '=';
    out += fields.fields[i].value;
  }
}

std::string json_log_line(std::string_view time, std::string_view level, std::string_view logger,
                          std::string_view message, log_fields_view fields) {
  std::string line;
  line.reserve(96 + message.size() + fields.count * 24);
  line += "{\"time\":";
  append_json_string(line, time);
  line += ",\"level\":";
  append_json_string(line, level);
  line += ",\"logger\":";
  append_json_string(line, logger);
  line += ",\"message\":";
  append_json_string(line, message);
  for (std::size_t i = 0; i < fields.count; ++i) {
    const auto& field = fields.fields[i];
    line += ',';
    append_json_string(line, field.key);
    line += ':';
    if (field.is_number)
      line += field.value;
    else
      append_json_string(line, field.value);
  }
  line += '}';
  return line;
}

}  // namespace gw
