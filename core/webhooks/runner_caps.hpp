// WEBHOOK_MAX_RUNNERS and WEBHOOK_MAX_RUNNERS_PER_SCOPE, counted from what is known for certain: the creates
// in flight, plus the runners made for jobs and not yet known to be gone. A runner is gone when a
// workflow_job completed event names it, or when an orchestrator list asked for after it was made no longer
// shows it; so the count drifts neither way (a lost create counts until a list says it made nothing).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

struct runner_caps {
  std::size_t max_total = 0;      // 0: no cap
  std::size_t max_per_scope = 0;  // per repository or organisation; 0: no cap
};

// "repo:owner/name" or "org:name", lower-cased (GitHub's names ignore case).
std::string scope_key(std::string_view scope, std::string_view scope_name);

// The runners made for webhook jobs that an orchestrator list (untrusted JSON) shows, with their scope_key
// (from the entry's labels; "" when it has none): what a new dispatcher starts counting from.
struct listed_job_runner {
  std::string name;
  std::string scope;
};
std::vector<listed_job_runner> listed_job_runners(std::string_view list_body);

class fleet_ledger {
 public:
  // Whether one more create of this scope stays within the caps.
  bool allows(const std::string& scope, const runner_caps& caps) const;

  void create_started(const std::string& scope);
  // `made`: the orchestrator made the runner, or may have (a lost attempt); it counts until it is gone.
  void create_ended(const std::string& scope, const std::string& runner_name, bool made);
  // A completed job's runner; false when it is not one of ours.
  bool runner_ended(const std::string& runner_name);

  // A list about to be asked for; its answer is given to reconcile with the number returned here.
  std::uint64_t begin_listing() { return ++epoch_; }
  // Forgets the runners made before that list was asked for that it does not show; how many.
  // (`listed_names`: core/runners/runner_lists' listed_runner_ids of the list.)
  std::size_t reconcile(std::uint64_t listing, const std::vector<std::string>& listed_names);
  // A runner it did not make but finds listed (taking over from another dispatcher).
  void adopt(const std::string& runner_name, const std::string& scope);
  bool counts(const std::string& runner_name) const { return runners_.count(runner_name) != 0; }

  std::size_t total() const { return runners_.size() + in_flight_total_; }
  std::size_t of(const std::string& scope) const;
  std::size_t runners() const { return runners_.size(); }

 private:
  struct runner {
    std::string scope;
    std::uint64_t made_in = 0;  // the epoch when it was recorded
  };
  std::map<std::string, runner> runners_;  // by name
  std::map<std::string, std::size_t> per_scope_;
  std::map<std::string, std::size_t> in_flight_;
  std::size_t in_flight_total_ = 0;
  std::uint64_t epoch_ = 0;
};

}  // namespace gw
