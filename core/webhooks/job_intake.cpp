#include "core/webhooks/job_intake.hpp"

#include <algorithm>

#include "core/text/ascii_text.hpp"
#include "core/text/json_text.hpp"

namespace gw {

std::vector<std::string> parse_runner_label_set(std::string_view comma_separated) {
  std::vector<std::string> labels;
  while (true) {
    auto comma = comma_separated.find(',');
    auto label = trim_ascii(comma_separated.substr(0, comma), " \t");
    if (!label.empty()) {
      std::string lower(label);
      for (auto& c : lower) c = ascii_lower(c);
      if (std::find(labels.begin(), labels.end(), lower) == labels.end()) labels.push_back(std::move(lower));
    }
    if (comma == std::string_view::npos) break;
    comma_separated.remove_prefix(comma + 1);
  }
  return labels;
}

bool job_labels_match(const std::vector<std::string>& job_labels, const std::vector<std::string>& ours) {
  if (job_labels.empty()) return false;
  return std::all_of(job_labels.begin(), job_labels.end(), [&](const std::string& label) {
    return std::any_of(ours.begin(), ours.end(),
                       [&](const std::string& mine) { return iequals_ascii(label, mine); });
  });
}

std::optional<runner_target> target_for(const workflow_job_event& job, webhook_scope scope) {
  if (scope == webhook_scope::repo) return runner_target{"repo", job.repository};
  if (job.organization.empty()) return std::nullopt;
  return runner_target{"org", job.organization};
}

std::string runner_name_for(std::uint64_t job_id, std::uint64_t run_attempt) {
  return "gh-job-" + std::to_string(job_id) + "-" + std::to_string(run_attempt) + "-r";
}

bool is_job_runner_name(std::string_view name) {
  constexpr std::string_view prefix = "gh-job-", suffix = "-r";
  if (name.size() <= prefix.size() + suffix.size() || name.substr(0, prefix.size()) != prefix ||
      name.substr(name.size() - suffix.size()) != suffix)
    return false;
  auto middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  auto dash = middle.find('-');
  if (dash == std::string_view::npos) return false;
  return parse_decimal(middle.substr(0, dash), 999999999999999999LL) &&
         parse_decimal(middle.substr(dash + 1), 999999999999999999LL);
}

std::string create_body_for(const runner_target& target, const workflow_job_event& job) {
  std::string body = "{\"scope\":";
  append_json_string(body, target.scope);
  body += ",\"scope_name\":";
  append_json_string(body, target.scope_name);
  body += ",\"runner_name\":";
  append_json_string(body, runner_name_for(job.job_id, job.run_attempt));
  body += ",\"labels\":[";
  for (std::size_t i = 0; i < job.labels.size(); ++i) {
    if (i) body += ',';
    append_json_string(body, job.labels[i]);
  }
  body += "],\"count\":1}";
  return body;
}

bool is_delivery_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string delivery_dedup_key(std::string_view delivery_id) {
  return "delivery:" + std::string(delivery_id);
}

std::string job_dedup_key(std::uint64_t job_id, std::uint64_t run_attempt) {
  return "job:" + std::to_string(job_id) + ":" + std::to_string(run_attempt);
}

double redispatch_delay_seconds(unsigned failures) {
  double delay = 1;
  for (unsigned i = 1; i < failures && delay < 60; ++i) delay *= 2;
  return std::min(delay, 60.0);
}

}  // namespace gw
