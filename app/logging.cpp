#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <string_view>

#include "telemetry/log_fields.hpp"

namespace gw {

namespace {
// Python's level names (DEBUG, INFO, WARNING, ERROR, CRITICAL) rather than spdlog's.
std::string_view python_level(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return "DEBUG";
    case spdlog::level::info:
      return "INFO";
    case spdlog::level::warn:
      return "WARNING";
    case spdlog::level::err:
      return "ERROR";
    default:
      return "CRITICAL";
  }
}

void append(spdlog::memory_buf_t& dest, std::string_view text) {
  dest.append(text.data(), text.data() + text.size());
}

class python_level_name : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    append(dest, python_level(msg.level));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<python_level_name>();
  }
};

// The fields of the request being logged (request_id, client...), as " key=value".
class request_fields : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    std::string tail;
    append_text_fields(tail, current_log_fields());
    append(dest, tail);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<request_fields>(); }
};

// LOG_FORMAT=json: one object per line, UTC time in ISO 8601, the request's fields as members.
class json_formatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto since_epoch = msg.time.time_since_epoch();
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
    std::time_t t = seconds.count();
    std::tm utc{};
    gmtime_r(&t, &utc);
    char time[40];
    auto n = std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(time + n, sizeof time - n, ".%03dZ", static_cast<int>(millis));
    auto line = json_log_line(time, python_level(msg.level),
                              std::string_view(msg.logger_name.data(), msg.logger_name.size()),
                              std::string_view(msg.payload.data(), msg.payload.size()), current_log_fields());
    append(dest, line);
    append(dest, "\n");
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<json_formatter>(); }
};

spdlog::level::level_enum level_from(const std::string& name) {
  if (name == "DEBUG") return spdlog::level::debug;
  if (name == "WARNING") return spdlog::level::warn;
  if (name == "ERROR") return spdlog::level::err;
  return spdlog::level::info;
}
}  // namespace

void setup_logging(const std::string& level, const std::string& format) {
  auto logger = spdlog::stderr_logger_mt("api-gateway");
  if (format == "json") {
    logger->set_formatter(std::make_unique<json_formatter>());
  } else {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<python_level_name>('*').add_flag<request_fields>('&').set_pattern(
        "%Y-%m-%d %H:%M:%S,%e - %n - %* - %v%&");
    logger->set_formatter(std::move(formatter));
  }
  logger->set_level(level_from(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  // Audit lines (telemetry/audit_log) go to the same stream under their own name, whatever LOG_LEVEL says.
  auto audit = logger->clone("api-gateway.audit");
  audit->set_level(spdlog::level::info);
  spdlog::register_logger(audit);
}

}  // namespace gw
