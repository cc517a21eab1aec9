#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <string_view>

namespace gw {

namespace {
// Python's level names (DEBUG, INFO, WARNING, ERROR, CRITICAL) rather than spdlog's.
class python_level_name : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    std::string_view name;
    switch (msg.level) {
      case spdlog::level::trace:
      case spdlog::level::debug:
        name = "DEBUG";
        break;
      case spdlog::level::info:
        name = "INFO";
        break;
      case spdlog::level::warn:
        name = "WARNING";
        break;
      case spdlog::level::err:
        name = "ERROR";
        break;
      default:
        name = "CRITICAL";
        break;
    }
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<python_level_name>();
  }
};

spdlog::level::level_enum level_from(const std::string& name) {
  if (name == "DEBUG") return spdlog::level::debug;
  if (name == "WARNING") return spdlog::level::warn;
  if (name == "ERROR") return spdlog::level::err;
  return spdlog::level::info;
}
}  // namespace

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("api-gateway");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<python_level_name>('*').set_pattern("%Y-%m-%d %H:%M:%S,%e - %n - %* - %v");
  logger->set_formatter(std::move(formatter));
  logger->set_level(level_from(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace gw
