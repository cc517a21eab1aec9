// Fault injection for the simulator's API port: each rule matches a method and a path prefix and
// fires a number of times (-1: until cleared).
#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sim {

// unsolicited: answers as usual, then `latency_ms` later writes a second, forged answer on the same
// keep-alive connection (a hostile or broken orchestrator speaking out of turn). large_body: 200 with a
// well-formed JSON array of `size` bytes. status_word: 200 {"status": `detail`} (an orchestrator's own
// health word, hostile or not).
enum class fault_kind {
  latency,
  hang,
  reset_before_read,
  reset_after_read,
  status,
  bad_json,
  unsolicited,
  large_body,
  status_word
};

struct fault_rule {
  fault_kind kind = fault_kind::status;
  std::string method;       // empty: any
  std::string path_prefix;  // empty: any
  int times = -1;
  int latency_ms = 0;
  int size = 0;  // large_body
  unsigned status = 503;
  std::string detail = "Fallo simulado";
};

// Parses {"kind":"status","status":503,"method":"GET","path":"/runners","times":2,...}.
std::optional<fault_rule> parse_fault(const std::string& json, std::string& error);

class fault_table {
 public:
  void add(fault_rule rule);
  void clear();
  // The first rule matching the request, consuming one of its firings.
  std::optional<fault_rule> take(const std::string& method, const std::string& path);
  // Connection-level: a reset_before_read rule (any method/path) consumes one firing.
  bool take_reset_on_accept();

 private:
  std::mutex mutex_;
  std::vector<fault_rule> rules_;
};

}  // namespace sim
