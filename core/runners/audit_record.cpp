#include "core/runners/audit_record.hpp"

#include "core/text/json_text.hpp"
#include "core/text/log_text.hpp"

namespace gw {

namespace {
void append_id(std::string& out, const rapidjson::Value& id) {
  if (!id.IsString()) return;
  if (!out.empty()) out += ',';
  out += sanitize_for_log(std::string_view(id.GetString(), id.GetStringLength()), 128);
}
}  // namespace

std::optional<std::string_view> audited_action(route_kind kind) {
  switch (kind) {
    case route_kind::create_runners:
      return "create";
    case route_kind::destroy_runner:
      return "destroy";
    case route_kind::cleanup_runners:
      return "cleanup";
    default:
      return std::nullopt;
  }
}

std::string_view audit_outcome(unsigned status, bool refused_by_grants) {
  if (refused_by_grants) return status == 403 ? "forbidden" : "hidden";
  if (status >= 200 && status <= 299) return "succeeded";
  return status < 500 ? "rejected" : "failed";
}

std::string audited_runner_ids(route_kind kind, std::string_view answer_body, std::string_view runner_id) {
  if (kind == route_kind::destroy_runner) return sanitize_for_log(runner_id, 128);
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, answer_body) || !doc.IsObject()) return {};
  auto data = doc.FindMember("data");
  if (data == doc.MemberEnd()) return {};
  std::string ids;
  if (kind == route_kind::create_runners && data->value.IsArray()) {
    for (const auto& entry : data->value.GetArray())
      if (entry.IsObject())
        if (auto id = entry.FindMember("runner_id"); id != entry.MemberEnd()) append_id(ids, id->value);
  } else if (kind == route_kind::cleanup_runners && data->value.IsObject()) {
    auto cleaned = data->value.FindMember("cleaned_runners");
    if (cleaned != data->value.MemberEnd() && cleaned->value.IsArray())
      for (const auto& id : cleaned->value.GetArray()) append_id(ids, id);
  }
  return ids;
}

bool deserves_audit(bool forwarded, const runner_procedure* procedure) {
  return forwarded || (procedure && procedure->refused_by_grants());
}

audit_record audit_record_for(route_kind kind, std::string_view key_name, const runner_procedure* procedure,
                              std::string_view runner_id, const http_reply& answer) {
  audit_record record;
  record.action = audited_action(kind).value_or("-");
  record.key = key_name.empty() ? std::string_view("-") : key_name;
  if (kind == route_kind::cleanup_runners)
    record.scope = "*";
  else if (procedure)
    record.scope = procedure->runner_scope();
  record.runners = audited_runner_ids(kind, answer.body, runner_id);
  record.status = answer.status;
  record.outcome = audit_outcome(answer.status, procedure && procedure->refused_by_grants());
  return record;
}

}  // namespace gw
