#include "core/webhooks/runner_caps.hpp"

#include <algorithm>

#include "core/ascii_text.hpp"

namespace gw {

namespace {
void decrement(std::map<std::string, std::size_t>& counts, const std::string& key) {
  auto it = counts.find(key);
  if (it == counts.end()) return;
  if (--it->second == 0) counts.erase(it);
}

std::size_t count_of(const std::map<std::string, std::size_t>& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}
}  // namespace

std::string scope_key(std::string_view scope, std::string_view scope_name) {
  std::string key(scope);
  key += ':';
  key += scope_name;
  for (auto& c : key) c = ascii_lower(c);
  return key;
}

bool fleet_ledger::allows(const std::string& scope, const runner_caps& caps) const {
  if (caps.max_total != 0 && total() >= caps.max_total) return false;
  return caps.max_per_scope == 0 || of(scope) < caps.max_per_scope;
}

void fleet_ledger::create_started(const std::string& scope) {
  ++in_flight_[scope];
  ++in_flight_total_;
}

void fleet_ledger::create_ended(const std::string& scope, const std::string& runner_name, bool made) {
  if (count_of(in_flight_, scope) == 0) return;
  decrement(in_flight_, scope);
  --in_flight_total_;
  if (!made || runners_.count(runner_name)) return;
  runners_.emplace(runner_name, runner{scope, epoch_});
  ++per_scope_[scope];
}

bool fleet_ledger::runner_ended(const std::string& runner_name) {
  auto it = runners_.find(runner_name);
  if (it == runners_.end()) return false;
  decrement(per_scope_, it->second.scope);
  runners_.erase(it);
  return true;
}

std::size_t fleet_ledger::reconcile(std::uint64_t listing, const std::vector<std::string>& listed_names) {
  std::size_t gone = 0;
  for (auto it = runners_.begin(); it != runners_.end();) {
    if (it->second.made_in < listing &&
        std::find(listed_names.begin(), listed_names.end(), it->first) == listed_names.end()) {
      decrement(per_scope_, it->second.scope);
      it = runners_.erase(it);
      ++gone;
    } else {
      ++it;
    }
  }
  return gone;
}

std::size_t fleet_ledger::of(const std::string& scope) const {
  return count_of(per_scope_, scope) + count_of(in_flight_, scope);
}

}  // namespace gw
