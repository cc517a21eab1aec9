#include "core/webhooks/job_record.hpp"

#include <cstdio>
#include <cstdlib>

#include "core/text/ascii_text.hpp"

namespace gw {

namespace {
constexpr std::string_view job_version = "j1";
constexpr std::string_view update_version = "u1";

bool append_line(std::string& out, std::string_view field) {
  if (field.find('\n') != std::string_view::npos) return false;
  out += field;
  out += '\n';
  return true;
}

// The next line of `text` (consumed), or nullopt when none is left.
std::optional<std::string_view> next_line(std::string_view& text) {
  auto end = text.find('\n');
  if (end == std::string_view::npos) return std::nullopt;
  auto line = text.substr(0, end);
  text.remove_prefix(end + 1);
  return line;
}

std::optional<std::uint64_t> number(std::optional<std::string_view> line) {
  if (!line) return std::nullopt;
  auto value = parse_decimal(*line, 999999999999999999LL);
  if (!value) return std::nullopt;
  return static_cast<std::uint64_t>(*value);
}

std::string seconds_text(const std::optional<double>& seconds) {
  if (!seconds) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", *seconds);
  return text;
}

std::optional<double> seconds_of(std::string_view text) {
  if (text == "-" || text.empty()) return std::nullopt;
  std::string copy(text);
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}
}  // namespace

std::string job_record_text(const webhook_job_record& job) {
  std::string out;
  bool ok = append_line(out, job_version) && append_line(out, job.delivery_id) &&
            append_line(out, std::to_string(job.job_id)) &&
            append_line(out, std::to_string(job.run_attempt)) && append_line(out, job.scope) &&
            append_line(out, job.scope_name) && append_line(out, job.signer) &&
            append_line(out, job.request_id) && append_line(out, job.trace_id) &&
            append_line(out, std::to_string(job.received_unix_ms)) && append_line(out, job.create_body);
  return ok ? out : std::string();
}

std::optional<webhook_job_record> job_record_from_text(std::string_view text) {
  if (next_line(text) != std::optional<std::string_view>(job_version)) return std::nullopt;
  webhook_job_record job;
  auto delivery = next_line(text);
  auto job_id = number(next_line(text));
  auto attempt = number(next_line(text));
  auto scope = next_line(text), scope_name = next_line(text), signer = next_line(text);
  auto request_id = next_line(text), trace_id = next_line(text);
  auto received = number(next_line(text));
  auto body = next_line(text);
  if (!delivery || !job_id || !attempt || !scope || !scope_name || !signer || !request_id || !trace_id ||
      !received || !body || !text.empty())
    return std::nullopt;
  job.delivery_id = std::string(*delivery);
  job.job_id = *job_id;
  job.run_attempt = *attempt;
  job.scope = std::string(*scope);
  job.scope_name = std::string(*scope_name);
  job.signer = std::string(*signer);
  job.request_id = std::string(*request_id);
  job.trace_id = std::string(*trace_id);
  job.received_unix_ms = static_cast<long long>(*received);
  job.create_body = std::string(*body);
  return job;
}

std::string update_record_text(const webhook_job_update_record& update) {
  std::string out;
  bool ok = append_line(out, update_version) && append_line(out, update.action) &&
            append_line(out, std::to_string(update.job_id)) &&
            append_line(out, std::to_string(update.run_attempt)) && append_line(out, update.runner_name) &&
            append_line(out, seconds_text(update.created_at)) &&
            append_line(out, seconds_text(update.started_at));
  return ok ? out : std::string();
}

std::optional<webhook_job_update_record> update_record_from_text(std::string_view text) {
  if (next_line(text) != std::optional<std::string_view>(update_version)) return std::nullopt;
  auto action = next_line(text);
  auto job_id = number(next_line(text));
  auto attempt = number(next_line(text));
  auto runner = next_line(text), created = next_line(text), started = next_line(text);
  if (!action || !job_id || !attempt || !runner || !created || !started || !text.empty()) return std::nullopt;
  return webhook_job_update_record{
      std::string(*action), *job_id, *attempt, std::string(*runner), seconds_of(*created),
      seconds_of(*started)};
}

std::optional<std::vector<stream_entry>> stream_entries_from_text(std::string_view text) {
  std::vector<stream_entry> entries;
  while (!text.empty()) {
    auto head = next_line(text);
    if (!head) return std::nullopt;
    auto first = head->find(' ');
    auto second = head->find(' ', first == std::string_view::npos ? first : first + 1);
    if (first == std::string_view::npos || second != first + 2) return std::nullopt;
    stream_entry entry;
    entry.id = std::string(head->substr(0, first));
    entry.kind = (*head)[first + 1];
    auto length = parse_decimal(head->substr(second + 1), 64LL * 1024 * 1024);
    if (entry.id.empty() || (entry.kind != 'j' && entry.kind != 'u') || !length ||
        static_cast<std::size_t>(*length) > text.size())
      return std::nullopt;
    entry.payload = std::string(text.substr(0, static_cast<std::size_t>(*length)));
    text.remove_prefix(static_cast<std::size_t>(*length));
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace gw
