#include "core/webhooks/runner_caps.hpp"

#include <algorithm>

#include <rapidjson/document.h>

#include "core/text/ascii_text.hpp"
#include "core/text/json_text.hpp"
#include "core/webhooks/job_intake.hpp"

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

std::vector<listed_job_runner> listed_job_runners(std::string_view list_body) {
  std::vector<listed_job_runner> runners;
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, list_body) || !doc.IsArray()) return runners;
  auto text_of = [](const rapidjson::Value& object, const char* name) -> std::string {
    if (!object.IsObject()) return {};
    auto it = object.FindMember(name);
    return it != object.MemberEnd() && it->value.IsString()
               ? std::string(it->value.GetString(), it->value.GetStringLength())
               : std::string();
  };
  for (const auto& entry : doc.GetArray()) {
    if (!entry.IsObject()) continue;
    auto name = text_of(entry, "runner_id");
    if (!is_job_runner_name(name)) continue;
    std::string scope;
    if (auto labels = entry.FindMember("labels"); labels != entry.MemberEnd()) {
      auto kind = text_of(labels->value, "scope"), scope_name = text_of(labels->value, "scope_name");
      if (!kind.empty() && !scope_name.empty()) scope = scope_key(kind, scope_name);
    }
    runners.push_back({std::move(name), std::move(scope)});
  }
  return runners;
}

void fleet_ledger::adopt(const std::string& runner_name, const std::string& scope) {
  if (runners_.count(runner_name)) return;
  runners_.emplace(runner_name, runner{scope, epoch_});
  ++per_scope_[scope];
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
