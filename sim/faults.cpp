#include "sim/faults.hpp"

#include <rapidjson/document.h>

#include "core/text/json_text.hpp"

namespace sim {

std::optional<fault_rule> parse_fault(const std::string& json, std::string& error) {
  rapidjson::Document doc;
  if (!gw::parse_untrusted_json(doc, json) || !doc.IsObject()) {
    error = "body must be a JSON object";
    return std::nullopt;
  }
  fault_rule rule;
  auto str = [&](const char* name, std::string& out) {
    if (auto it = doc.FindMember(name); it != doc.MemberEnd() && it->value.IsString())
      out = it->value.GetString();
  };
  auto num = [&](const char* name, auto& out) {
    if (auto it = doc.FindMember(name); it != doc.MemberEnd() && it->value.IsInt()) out = it->value.GetInt();
  };
  std::string kind;
  str("kind", kind);
  if (kind == "latency")
    rule.kind = fault_kind::latency;
  else if (kind == "hang")
    rule.kind = fault_kind::hang;
  else if (kind == "reset_before_read")
    rule.kind = fault_kind::reset_before_read;
  else if (kind == "reset_after_read")
    rule.kind = fault_kind::reset_after_read;
  else if (kind == "status")
    rule.kind = fault_kind::status;
  else if (kind == "bad_json")
    rule.kind = fault_kind::bad_json;
  else if (kind == "unsolicited")
    rule.kind = fault_kind::unsolicited;
  else if (kind == "large_body")
    rule.kind = fault_kind::large_body;
  else if (kind == "status_word")
    rule.kind = fault_kind::status_word;
  else {
    error =
        "kind must be latency, hang, reset_before_read, reset_after_read, status, bad_json, unsolicited, "
        "large_body or status_word";
    return std::nullopt;
  }
  str("method", rule.method);
  str("path", rule.path_prefix);
  str("detail", rule.detail);
  num("times", rule.times);
  num("latency_ms", rule.latency_ms);
  num("size", rule.size);
  int status = static_cast<int>(rule.status);
  num("status", status);
  rule.status = static_cast<unsigned>(status);
  return rule;
}

void fault_table::add(fault_rule rule) {
  std::lock_guard<std::mutex> lock(mutex_);
  rules_.push_back(std::move(rule));
}

void fault_table::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  rules_.clear();
}

std::optional<fault_rule> fault_table::take(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& rule : rules_) {
    if (rule.kind == fault_kind::reset_before_read || rule.times == 0) continue;
    if (!rule.method.empty() && rule.method != method) continue;
    if (path.compare(0, rule.path_prefix.size(), rule.path_prefix) != 0) continue;
    if (rule.times > 0) --rule.times;
    return rule;
  }
  return std::nullopt;
}

bool fault_table::take_reset_on_accept() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& rule : rules_) {
    if (rule.kind != fault_kind::reset_before_read || rule.times == 0) continue;
    if (rule.times > 0) --rule.times;
    return true;
  }
  return false;
}

}  // namespace sim
