#include "sim/runner_store.hpp"

#include <rapidjson/document.h>

#include <cstdio>

#include "core/json_text.hpp"

namespace sim {

namespace {
std::string detail(const std::string& text) {
  std::string out = "{\"detail\":";
  gw::append_json_string(out, text);
  return out + "}";
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}
}  // namespace

std::string runner_store::status_of(const runner& r) const {
  if (!r.forced_status.empty()) return r.forced_status;
  return std::chrono::steady_clock::now() - r.created_at < creating_time_ ? "creating" : "running";
}

std::string runner_store::runner_json(const runner& r) const {
  std::string out = "{\"runner_id\":";
  gw::append_json_string(out, r.id);
  out += ",\"status\":";
  gw::append_json_string(out, status_of(r));
  out += ",\"container_id\":";
  gw::append_json_string(out, "container-" + r.id.substr(7));
  out += ",\"image\":\"gha-runner:latest\",\"created\":";
  gw::append_json_string(out, r.created_text);
  out += ",\"labels\":{\"scope\":";
  gw::append_json_string(out, r.scope);
  out += ",\"scope_name\":";
  gw::append_json_string(out, r.scope_name);
  out += "}}";
  return out;
}

sim_response runner_store::create(const std::string& body) {
  rapidjson::Document doc;
  if (!gw::parse_untrusted_json(doc, body) || !doc.IsObject()) return {422, detail("Cuerpo inválido")};
  auto scope = doc.FindMember("scope");
  auto scope_name = doc.FindMember("scope_name");
  if (scope == doc.MemberEnd() || !scope->value.IsString() || scope_name == doc.MemberEnd() ||
      !scope_name->value.IsString())
    return {400, detail("scope y scope_name son obligatorios")};
  int count = 1;
  if (auto c = doc.FindMember("count"); c != doc.MemberEnd() && c->value.IsInt()) count = c->value.GetInt();
  if (count < 1 || count > 10) return {400, detail("count fuera de rango")};
  std::string out = "[";
  std::lock_guard<std::mutex> lock(mutex_);
  for (int i = 0; i < count; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "runner-%08lx", ++next_id_);
    runner r;
    r.id = id;
    r.scope = scope->value.GetString();
    r.scope_name = scope_name->value.GetString();
    r.created_at = std::chrono::steady_clock::now();
    r.created_text = gw::utc_timestamp();
    if (i) out += ',';
    out += "{\"runner_id\":\"" + r.id + "\",\"status\":\"creating\",\"message\":\"Runner en creación\"}";
    runners_[r.id] = std::move(r);
  }
  return {200, out + "]"};
}

sim_response runner_store::cleanup() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string ids = "[";
  int n = 0;
  for (auto it = runners_.begin(); it != runners_.end();) {
    auto status = status_of(it->second);
    if (status == "error" || status == "exited" || status == "dead") {
      if (n++) ids += ',';
      gw::append_json_string(ids, it->first);
      it = runners_.erase(it);
    } else {
      ++it;
    }
  }
  ids += ']';
  auto count = std::to_string(n);
  return {200, "{\"success\":true,\"message\":\"Limpiados " + count +
                   " runners\",\"data\":{\"cleaned_count\":" + count + ",\"cleaned_runners\":" + ids + "}}"};
}

sim_response runner_store::handle(const std::string& method, const std::string& target,
                                  const std::string& body) {
  std::string path = target.substr(0, target.find('?'));
  if (path == "/health" && method == "GET") {
    if (status_style_health_) return {200, R"({"status":"healthy"})"};
    std::lock_guard<std::mutex> lock(mutex_);
    return {
        200,
        R"({"success":true,"message":"Orchestrator operativo","data":{"service":"orchestrator","active_runners":)" +
            std::to_string(runners_.size()) + R"(,"monitoring":true}})"};
  }
  if (path == "/runners/create" && method == "POST") return create(body);
  if (path == "/runners/cleanup" && method == "POST") return cleanup();
  if (path == "/runners" && method == "GET") {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string out = "[";
    for (const auto& [id, r] : runners_) {
      if (out.size() > 1) out += ',';
      out += runner_json(r);
    }
    return {200, out + "]"};
  }
  if (starts_with(path, "/config/")) {
    return {200, R"({"secret":"sim-internal-config","GITHUB_TOKEN":"ghp_simulated_secret"})"};
  }
  if (starts_with(path, "/runners/")) {
    auto parts = split_path(path);  // runners, id, [action]
    if (parts.size() == 3 && (parts[2] == "debug" || parts[2] == "info" || parts[2] == "logs") &&
        method == "GET")
      return {200, R"({"env":{"RUNNER_TOKEN":"sim-registration-token-secret"}})"};
    std::lock_guard<std::mutex> lock(mutex_);
    if (parts.size() == 3 && parts[2] == "status" && method == "GET") {
      auto it = runners_.find(parts[1]);
      if (it == runners_.end()) return {404, detail("Runner no encontrado")};
      return {200, runner_json(it->second)};
    }
    if (parts.size() == 2 && method == "DELETE") {
      auto it = runners_.find(parts[1]);
      if (it == runners_.end()) return {404, detail("Runner no encontrado")};
      runners_.erase(it);
      return {200, R"({"success":true,"message":"Runner )" + parts[1] + R"( destruido exitosamente"})"};
    }
  }
  return {404, detail("Not Found")};
}

void runner_store::log(logged_request r) {
  std::lock_guard<std::mutex> lock(mutex_);
  log_.push_back(std::move(r));
}

std::string runner_store::log_json() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out = "[";
  for (const auto& r : log_) {
    if (out.size() > 1) out += ',';
    out += "{\"method\":";
    gw::append_json_string(out, r.method);
    out += ",\"target\":";
    gw::append_json_string(out, r.target);
    out += ",\"body\":";
    gw::append_json_string(out, r.body);
    out += ",\"user_agent\":";
    gw::append_json_string(out, r.user_agent);
    out += ",\"content_type\":";
    gw::append_json_string(out, r.content_type);
    out += ",\"request_id\":";
    gw::append_json_string(out, r.request_id);
    out += '}';
  }
  return out + "]";
}

void runner_store::clear_log() {
  std::lock_guard<std::mutex> lock(mutex_);
  log_.clear();
}

void runner_store::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  log_.clear();
  runners_.clear();
}

bool runner_store::set_status(const std::string& id, const std::string& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runners_.find(id);
  if (it == runners_.end()) return false;
  it->second.forced_status = status;
  return true;
}

}  // namespace sim
