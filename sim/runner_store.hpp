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

// How the simulated orchestrator behaves. Simple: the contract's table. Real: the platform's real
// orchestrator as run (orchestrator-contract.md): the whole API freezes while it creates (per runner) and
// destroys, ids are runner names, every status answer is 200 status "error" with nulls, cleanup answers no
// ids, and a destroy of an id it did not create since its start removes the newest container whose name
// contains it (Docker's name filter), runner or not.
struct sim_manners {
  bool real = false;
  std::chrono::milliseconds create_per_runner{10000};
  std::chrono::milliseconds destroy{2000};
};

struct logged_request {
  std::string method;
  std::string target;
  std::string body;
  std::string user_agent;
  std::string content_type;
  std::string request_id;  // X-Request-ID
  std::string traceparent;
  std::string tracestate;
};

class runner_store {
 public:
  runner_store(std::chrono::milliseconds creating_time, bool status_style_health, sim_manners manners = {});

  sim_response handle(const std::string& method, const std::string& target, const std::string& body);
  // Real manners: how long the whole API stays frozen before it answers this request (0 otherwise).
  std::chrono::milliseconds freeze_for(const std::string& method, const std::string& target,
                                       const std::string& body);
  // Every container's name: runners and, with real manners, the bystanders a substring match can hit.
  std::string containers_json();
  bool real_manners() const { return manners_.real; }

  void log(logged_request r);
  std::string log_json();
  void clear_log();
  void reset();
  bool set_status(const std::string& id, const std::string& status);  // for tests: e.g. "error"
  // As after a restart of the real orchestrator: the runners stay, but it no longer knows it created them,
  // so a destroy looks every id up by substring.
  void forget_created();

 private:
  struct runner {
    std::string id, container_id, scope, scope_name, forced_status;
    std::vector<std::string> labels;
    std::chrono::steady_clock::time_point created_at;
    std::string created_text;
    unsigned long sequence = 0;       // creation order: Docker's name filter gives the newest first
    bool created_since_start = true;  // real manners: looked up by its exact name
  };
  std::string status_of(const runner& r) const;
  std::string runner_json(const runner& r) const;
  sim_response create(const std::string& body);
  sim_response cleanup();
  sim_response destroy(const std::string& id);
  std::string name_for(const std::string& runner_name, int index, int count);
  // Real manners: the runner or bystander a destroy of `id` removes ("" for none). Locked by the caller.
  std::string destroy_target(const std::string& id) const;

  std::chrono::milliseconds creating_time_;
  bool status_style_health_;
  sim_manners manners_;
  std::vector<std::string> bystanders_;  // containers that are not runners (real manners)
  std::mutex mutex_;
  std::map<std::string, runner> runners_;
  std::vector<logged_request> log_;
  unsigned long next_id_ = 0;
};

}  // namespace sim
