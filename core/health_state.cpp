#include "core/health_state.hpp"

#include "core/envelope.hpp"
#include "core/json_text.hpp"
#include "core/version.hpp"

namespace gw {

health_snapshot evaluate_health(const upstream_outcome& outcome) {
  health_snapshot snap;
  snap.checked = true;
  if (outcome.failure != upstream_failure::none) {
    snap.orchestrator = "unreachable";
    return snap;
  }
  snap.reachable = true;
  snap.orchestrator = "unhealthy";
  rapidjson::Document doc;
  if (!parse_untrusted_json(doc, outcome.body) || !doc.IsObject()) return snap;
  bool ok_status = outcome.status >= 200 && outcome.status <= 299;
  auto status = doc.FindMember("status");
  bool has_status = status != doc.MemberEnd() && status->value.IsString() &&
                    status->value.GetStringLength() > 0 && status->value.GetStringLength() <= 64;
  if (has_status) {
    std::string text(status->value.GetString(), status->value.GetStringLength());
    snap.orchestrator = (text == "healthy" && !ok_status) ? "unhealthy" : text;
    return snap;
  }
  auto success = doc.FindMember("success");
  if (ok_status && success != doc.MemberEnd() && success->value.IsBool() && success->value.GetBool())
    snap.orchestrator = "healthy";
  return snap;
}

http_reply health_reply(const health_snapshot& snapshot) {
  bool healthy = snapshot.healthy();
  std::string data = "{\"status\":";
  data += healthy ? "\"healthy\"" : "\"degraded\"";
  data += ",\"service\":\"api-gateway\",\"version\":";
  append_json_string(data, version());
  data += ",\"orchestrator\":";
  append_json_string(data, snapshot.orchestrator);
  data += '}';
  return success_reply(data, healthy ? messages::healthy : messages::degraded);
}

}  // namespace gw
