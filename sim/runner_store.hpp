// The orchestrator contract in memory: runners, their states, and the internal routes (served so
// tests can prove the gateway never reaches them). Also keeps the log of every request received.
#pragma once
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace sim {

struct sim_response {
  unsigned status = 200;
  std::string body;
};

struct logged_request {
  std::string method;
  std::string target;
  std::string body;
  std::string user_agent;
  std::string content_type;
  std::string request_id;  // X-Request-ID
};

class runner_store {
 public:
  explicit runner_store(std::chrono::milliseconds creating_time, bool status_style_health)
      : creating_time_(creating_time), status_style_health_(status_style_health) {}

  sim_response handle(const std::string& method, const std::string& target, const std::string& body);

  void log(logged_request r);
  std::string log_json();
  void clear_log();
  void reset();
  bool set_status(const std::string& id, const std::string& status);  // for tests: e.g. "error"

 private:
  struct runner {
    std::string id, scope, scope_name, forced_status;
    std::vector<std::string> labels;
    std::chrono::steady_clock::time_point created_at;
    std::string created_text;
  };
  std::string status_of(const runner& r) const;
  std::string runner_json(const runner& r) const;
  sim_response create(const std::string& body);
  sim_response cleanup();

  std::chrono::milliseconds creating_time_;
  bool status_style_health_;
  std::mutex mutex_;
  std::map<std::string, runner> runners_;
  std::vector<logged_request> log_;
  unsigned long next_id_ = 0;
};

}  // namespace sim
