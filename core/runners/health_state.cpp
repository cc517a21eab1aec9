#include "core/runners/health_state.hpp"

#include "core/protocol/envelope.hpp"
#include "core/protocol/version.hpp"
#include "core/text/json_text.hpp"

namespace gw {

health_snapshot evaluate_health(const upstream_outcome& outcome) {
  health_snapshot snap;
  snap.checked = true;
  if (outcome.failure != upstream_failure::none) {
    snap.orchestrator = outcome.failure == upstream_failure::timeout ? "busy" : "unreachable";
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

health_snapshot health_tracker::observe(health_snapshot poll, std::chrono::steady_clock::time_point now) {
  poll.fail_fast = false;
  if (poll.reachable) {
    unreachable_run_ = 0;
    busy_since_.reset();
    if (reported_.fail_fast && ++answered_run_ < thresholds_.healthy_threshold) return reported_;
    answered_run_ = 0;
    return reported_ = poll;
  }
  answered_run_ = 0;
  if (poll.orchestrator == "busy") {
    // Connected, no answer yet: it is working (and frozen), not dead, unless it stays so past the limit.
    unreachable_run_ = 0;
    if (!busy_since_) busy_since_ = now;
    if (now - *busy_since_ >= thresholds_.busy_limit) {
      poll.orchestrator = "unreachable";
      poll.fail_fast = true;
    }
    return reported_ = poll;
  }
  busy_since_.reset();
  if (++unreachable_run_ < thresholds_.unhealthy_threshold && reported_.checked) return reported_;
  poll.fail_fast = true;
  return reported_ = poll;
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
