#include "core/runners/upstream_answers.hpp"

#include "core/protocol/envelope.hpp"
#include "core/text/json_text.hpp"

#include <algorithm>

namespace gw {

namespace {
http_reply bad_upstream() {
  return error_reply(502, messages::upstream_bad_response);
}

http_reply error_passthrough(route_kind kind, const upstream_outcome& outcome) {
  if (outcome.status == 404 && (kind == route_kind::runner_status || kind == route_kind::destroy_runner))
    return error_reply(404, messages::runner_not_found);
  if (outcome.status < 400 || outcome.status > 599) return bad_upstream();
  rapidjson::Document doc;
  const rapidjson::Value* detail = nullptr;
  if (parse_untrusted_json(doc, outcome.body)) detail = json_member(doc, "detail");
  if (detail && detail->IsString() && detail->GetStringLength() > 0)
    return error_reply(outcome.status, std::string_view(detail->GetString(), detail->GetStringLength()));
  return error_reply(outcome.status, "Error del orquestador (HTTP " + std::to_string(outcome.status) + ")");
}

// The orchestrator's bytes are spliced into the envelope as they are, once one pass has shown them to be
// a well-formed JSON array; no DOM, no re-serialization.
http_reply array_reply(std::string_view raw, const char* verb, const char* noun) {
  auto shape = scan_untrusted_json(raw);
  if (!shape.valid || !shape.is_array) return bad_upstream();
  std::string message = std::string(verb) + " " + std::to_string(shape.top_level_count) + " " + noun;
  return success_reply(raw, message);
}

http_reply destroy_reply(const rapidjson::Document& doc, const std::string& runner_id) {
  const auto* message = json_member(doc, "message");
  std::string data = "{\"runner_id\":";
  append_json_string(data, runner_id);
  data += ",\"destroyed\":true,\"message\":";
  if (message && message->IsString())
    append_json_string(data, std::string_view(message->GetString(), message->GetStringLength()));
  else
    append_json_string(data, "Runner destruido exitosamente");
  data += '}';
  return success_reply(data, "Runner " + runner_id + " destruido exitosamente");
}

http_reply cleanup_reply(const rapidjson::Document& doc) {
  if (!doc.IsObject()) return bad_upstream();
  const rapidjson::Value* inner = json_member(doc, "data");
  auto find = [&](const char* name) -> const rapidjson::Value* {
    if (inner) {
      if (const auto* v = json_member(*inner, name)) return v;
    }
    return json_member(doc, name);
  };
  std::string runners = "[";
  std::size_t listed = 0;
  if (const auto* list = find("cleaned_runners"); list && list->IsArray()) {
    for (const auto& id : list->GetArray()) {
      if (!id.IsString()) continue;
      if (listed++) runners += ',';
      append_json_string(runners, std::string_view(id.GetString(), id.GetStringLength()));
    }
  }
  runners += ']';
  uint64_t count = listed;
  if (const auto* n = find("cleaned_count"); n && n->IsUint64()) count = n->GetUint64();
  std::string data = "{\"cleaned_count\":" + std::to_string(count) + ",\"cleaned_runners\":" + runners + "}";
  return success_reply(data, messages::cleanup_done);
}
}  // namespace

http_reply cleanup_reply_from_lists(const std::vector<std::string>& before,
                                    const std::vector<std::string>& after) {
  std::string runners = "[";
  std::size_t cleaned = 0;
  for (const auto& id : before) {
    if (std::find(after.begin(), after.end(), id) != after.end()) continue;
    if (cleaned++) runners += ',';
    append_json_string(runners, id);
  }
  runners += ']';
  return success_reply(
      "{\"cleaned_count\":" + std::to_string(cleaned) + ",\"cleaned_runners\":" + runners + "}",
      messages::cleanup_done);
}

bool lists_cleaned_runners(std::string_view cleanup_body) {
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, trim_json_space(cleanup_body)) || !doc.IsObject()) return false;
  const auto* inner = json_member(doc, "data");
  const auto* list = inner ? json_member(*inner, "cleaned_runners") : nullptr;
  if (!list) list = json_member(doc, "cleaned_runners");
  return list && list->IsArray();
}

http_reply cleanup_reply_unconfirmed(std::string_view cleanup_body) {
  rapidjson::Document doc;
  uint64_t count = 0;
  if (parse_untrusted_json(doc, trim_json_space(cleanup_body)) && doc.IsObject()) {
    const auto* inner = json_member(doc, "data");
    const auto* n = inner ? json_member(*inner, "cleaned_count") : nullptr;
    if (!n) n = json_member(doc, "cleaned_count");
    if (n && n->IsUint64()) count = n->GetUint64();
  }
  return success_reply("{\"cleaned_count\":" + std::to_string(count) + ",\"cleaned_runners\":null}",
                       messages::cleanup_unconfirmed);
}

http_reply destroyed_reply(const std::string& runner_id) {
  rapidjson::Document none;
  none.SetObject();
  return destroy_reply(none, runner_id);
}

http_reply reply_for_outcome(route_kind kind, const std::string& runner_id, const upstream_outcome& outcome) {
  switch (outcome.failure) {
    case upstream_failure::timeout:
      return error_reply(
          504, kind == route_kind::create_runners ? messages::create_timeout : messages::upstream_timeout);
    case upstream_failure::not_sent:
    case upstream_failure::transport:
    case upstream_failure::fail_fast: {
      auto reply =
          error_reply(503, outcome.failure == upstream_failure::fail_fast ? messages::orchestrator_down
                                                                          : messages::upstream_unavailable);
      reply.headers.emplace_back("Retry-After", "1");
      return reply;
    }
    case upstream_failure::none:
      break;
  }
  if (outcome.status < 200 || outcome.status > 299) return error_passthrough(kind, outcome);

  auto raw = trim_json_space(outcome.body);
  switch (kind) {
    case route_kind::create_runners:
      return array_reply(raw, "Creados", "runners exitosamente");
    case route_kind::list_runners:
      return array_reply(raw, "Listados", "runners activos");
    case route_kind::runner_status: {
      auto shape = scan_untrusted_json(raw);
      return shape.valid && shape.is_object ? success_reply(raw, messages::status_obtained) : bad_upstream();
    }
    default:
      break;
  }
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, raw)) return bad_upstream();
  switch (kind) {
    case route_kind::destroy_runner:
      return destroy_reply(doc, runner_id);
    case route_kind::cleanup_runners:
      return cleanup_reply(doc);
    default:
      return error_reply(500, messages::internal_error);
  }
}

}  // namespace gw
