#include "core/runners/runner_lists.hpp"

#include "core/text/json_text.hpp"

namespace gw {

std::optional<std::vector<std::string>> listed_runner_ids(std::string_view list_body) {
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, trim_json_space(list_body)) || !doc.IsArray()) return std::nullopt;
  std::vector<std::string> ids;
  for (const auto& entry : doc.GetArray())
    if (const auto* id = json_member(entry, "runner_id"); id && id->IsString())
      ids.emplace_back(id->GetString(), id->GetStringLength());
  return ids;
}

listed_runner find_listed_runner(std::string_view list_body, std::string_view runner_id) {
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, trim_json_space(list_body)) || !doc.IsArray()) return {};
  for (const auto& entry : doc.GetArray()) {
    const auto* id = json_member(entry, "runner_id");
    if (id && id->IsString() && std::string_view(id->GetString(), id->GetStringLength()) == runner_id)
      return {true, json_text_of(entry)};
  }
  return {true, std::nullopt};
}

bool is_unknown_runner_status(std::string_view status_body) {
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, trim_json_space(status_body)) || !doc.IsObject()) return false;
  const auto* status = json_member(doc, "status");
  if (!status || !status->IsString() || std::string_view(status->GetString()) != "error") return false;
  for (const char* field : {"container_id", "image", "created"}) {
    const auto* v = json_member(doc, field);
    if (v && !v->IsNull()) return false;
  }
  return true;
}

}  // namespace gw
