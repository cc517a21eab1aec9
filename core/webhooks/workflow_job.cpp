#include "core/webhooks/workflow_job.hpp"

#include <rapidjson/document.h>

#include "core/protocol/media_type.hpp"
#include "core/text/ascii_text.hpp"
#include "core/text/json_text.hpp"

namespace gw {

namespace {
std::string_view media_type_of(std::string_view content_type) {
  return trim_ascii(content_type.substr(0, content_type.find(';')), " \t");
}

// One form value: '+' is a space, then %XX escapes (WHATWG's application/x-www-form-urlencoded).
std::optional<std::string> form_value(std::string_view raw) {
  std::string spaced(raw);
  for (auto& c : spaced)
    if (c == '+') c = ' ';
  return percent_decode(spaced);
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string string_of(const rapidjson::Value* value) {
  return value && value->IsString() ? std::string(value->GetString(), value->GetStringLength())
                                    : std::string();
}

std::optional<std::uint64_t> id_of(const rapidjson::Value* value) {
  if (!value || !value->IsUint64()) return std::nullopt;
  return value->GetUint64();
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::optional<long long> digits(std::string_view text, std::size_t at, std::size_t count, long long max) {
  if (at + count > text.size()) return std::nullopt;
  return parse_decimal(text.substr(at, count), max);
}
}  // namespace

std::optional<std::string> webhook_payload_text(std::string_view content_type, std::string_view body) {
  if (is_json_content_type(content_type)) return std::string(body);
  if (!iequals_ascii(media_type_of(content_type), "application/x-www-form-urlencoded")) return std::nullopt;
  std::optional<std::string> payload;
  while (true) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == "payload") {
      if (payload || eq == std::string_view::npos) return std::nullopt;  // twice, or without a value
      payload = form_value(pair.substr(eq + 1));
      if (!payload) return std::nullopt;
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return payload;
}

workflow_job_parse parse_workflow_job(std::string_view json) {
  auto fail = [](const char* why) { return workflow_job_parse{std::nullopt, why}; };
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, json) || !doc.IsObject())
    return fail("El cuerpo del webhook debe ser un objeto JSON válido");
  workflow_job_event event;
  event.action = string_of(member(doc, "action"));
  if (event.action.empty()) return fail("Evento workflow_job sin 'action'");
  const auto* job = member(doc, "workflow_job");
  if (!job || !job->IsObject()) return fail("Evento workflow_job sin 'workflow_job'");
  auto job_id = id_of(member(*job, "id"));
  if (!job_id || *job_id == 0) return fail("Evento workflow_job sin 'workflow_job.id' numérico");
  event.job_id = *job_id;
  event.run_id = id_of(member(*job, "run_id")).value_or(0);
  if (const auto* attempt = member(*job, "run_attempt")) {
    auto n = id_of(attempt);
    if (!n || *n == 0) return fail("'workflow_job.run_attempt' debe ser un entero positivo");
    event.run_attempt = *n;
  }
  const auto* labels = member(*job, "labels");
  if (!labels || !labels->IsArray()) return fail("Evento workflow_job sin 'workflow_job.labels' (lista)");
  for (const auto& label : labels->GetArray()) {
    if (!label.IsString()) return fail("Cada label de 'workflow_job.labels' debe ser una cadena");
    event.labels.emplace_back(label.GetString(), label.GetStringLength());
  }
  event.runner_name = string_of(member(*job, "runner_name"));
  event.created_at = parse_github_time(string_of(member(*job, "created_at")));
  event.started_at = parse_github_time(string_of(member(*job, "started_at")));
  const auto* repository = member(doc, "repository");
  event.repository = string_of(repository ? member(*repository, "full_name") : nullptr);
  if (event.repository.empty()) return fail("Evento workflow_job sin 'repository.full_name'");
  const auto* organization = member(doc, "organization");
  event.organization = string_of(organization ? member(*organization, "login") : nullptr);
  return {std::move(event), {}};
}

std::optional<double> parse_github_time(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS then [.fraction] then Z or +hh:mm / -hh:mm
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
      text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto year = digits(text, 0, 4, 9999), month = digits(text, 5, 2, 12), day = digits(text, 8, 2, 31);
  auto hour = digits(text, 11, 2, 23), minute = digits(text, 14, 2, 59), second = digits(text, 17, 2, 60);
  if (!year || !month || !day || !hour || !minute || !second || *month == 0 || *day == 0) return std::nullopt;
  std::size_t at = 19;
  double fraction = 0;
  if (at < text.size() && text[at] == '.') {
    double scale = 0.1;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, scale /= 10)
      fraction += (text[at] - '0') * scale;
  }
  long long offset = 0;
  auto zone = text.substr(at);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    auto oh = digits(zone, 1, 2, 23), om = digits(zone, 4, 2, 59);
    if (!oh || !om) return std::nullopt;
    offset = (*oh * 3600 + *om * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  auto days = days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  auto seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second - offset;
  return static_cast<double>(seconds) + fraction;
}

}  // namespace gw
