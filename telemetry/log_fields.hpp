// Key/value fields attached to the log lines a thread writes while a scope is open (the request id, the
// status...). The text format appends them as " key=value"; LOG_FORMAT=json makes them members.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace gw {

struct log_field {
  std::string_view key;
  std::string_view value;  // already safe for a log line (see sanitize_for_log)
  bool is_number = false;  // written bare in JSON
  bool json_only = false;  // already in the text format's message (method, path, status...)
};

// While alive, the log lines written on this thread carry `fields` (which the caller keeps alive).
// Scopes nest: the inner one replaces the outer one until it ends.
class log_fields_scope {
 public:
  log_fields_scope(const log_field* fields, std::size_t count);
  template <std::size_t N>
  explicit log_fields_scope(const log_field (&fields)[N]) : log_fields_scope(fields, N) {}
  ~log_fields_scope();
  log_fields_scope(const log_fields_scope&) = delete;
  log_fields_scope& operator=(const log_fields_scope&) = delete;

 private:
  const log_field* saved_fields_;
  std::size_t saved_count_;
};

struct log_fields_view {
  const log_field* fields = nullptr;
  std::size_t count = 0;
};

log_fields_view current_log_fields();

// " key=value key=value" (the text format's tail).
void append_text_fields(std::string& out, log_fields_view fields);

// One JSON object for a log line: time, level, logger, message, then the fields.
std::string json_log_line(std::string_view time, std::string_view level, std::string_view logger,
                          std::string_view message, log_fields_view fields);

}  // namespace gw
