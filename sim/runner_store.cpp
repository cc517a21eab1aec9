#include "sim/runner_store.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <cstdio>

#include "core/text/json_text.hpp"
#include "runtime/wall_clock.hpp"

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
std::string quoted(const std::string& text) {
  std::string out;
  gw::append_json_string(out, text);
  return out;
}

int requested_count(const std::string& body) {
  rapidjson::Document doc;
  if (!gw::parse_untrusted_json(doc, body) || !doc.IsObject()) return 0;
  auto c = doc.FindMember("count");
  return c != doc.MemberEnd() && c->value.IsInt() ? c->value.GetInt() : 1;
}
}  // namespace

runner_store::runner_store(std::chrono::milliseconds creating_time, bool status_style_health,
                           sim_manners manners)
    : creating_time_(creating_time), status_style_health_(status_style_health), manners_(manners) {
  if (manners_.real) bystanders_ = {"gha-orchestrator", "gha-gateway-redis"};
}

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
  gw::append_json_string(out, r.container_id);
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
  std::string runner_name;
  if (auto n = doc.FindMember("runner_name"); n != doc.MemberEnd() && n->value.IsString())
    runner_name = n->value.GetString();
  std::string out = "[";
  std::lock_guard<std::mutex> lock(mutex_);
  for (int i = 0; i < count; ++i) {
    char container[32];
    std::snprintf(container, sizeof container, "container-%08lx", ++next_id_);
    runner r;
    r.container_id = container;
    r.id = name_for(runner_name, i, count);
    r.scope = scope->value.GetString();
    r.scope_name = scope_name->value.GetString();
    r.created_at = std::chrono::steady_clock::now();
    r.created_text = gw::utc_timestamp();
    r.sequence = next_id_;
    if (i) out += ',';
    out += "{\"runner_id\":";
    gw::append_json_string(out, r.id);
    out += manners_.real ? ",\"status\":\"created\",\"message\":\"Runner creado exitosamente\"}"
                         : ",\"status\":\"creating\",\"message\":\"Runner en creación\"}";
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
  if (manners_.real)
    return {200, "{\"success\":true,\"message\":\"Limpiados " + count +
                     " runners\",\"data\":{\"cleaned_count\":" + count + "}}"};
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
      if (manners_.real)  // the real build's defect: every runner, real or not, looks like this
        return {200, "{\"runner_id\":" + quoted(parts[1]) +
                         ",\"status\":\"error\",\"container_id\":null,\"image\":null,\"created\":null,"
                         "\"labels\":null}"};
      auto it = runners_.find(parts[1]);
      if (it == runners_.end()) return {404, detail("Runner no encontrado")};
      return {200, runner_json(it->second)};
    }
    if (parts.size() == 2 && method == "DELETE" && manners_.real) return destroy(parts[1]);
    if (parts.size() == 2 && method == "DELETE") {
      auto it = runners_.find(parts[1]);
      if (it == runners_.end()) return {404, detail("Runner no encontrado")};
      runners_.erase(it);
      return {200, R"({"success":true,"message":"Runner )" + parts[1] + R"( destruido exitosamente"})"};
    }
  }
  return {404, detail("Not Found")};
}

std::string runner_store::name_for(const std::string& runner_name, int index, int count) {
  if (!manners_.real) {
    char id[32];
    std::snprintf(id, sizeof id, "runner-%08lx", next_id_);
    return id;
  }
  if (runner_name.empty()) return "gw-m-" + std::to_string(next_id_);
  return count == 1 ? runner_name : runner_name + "-" + std::to_string(index + 1);
}

std::string runner_store::destroy_target(const std::string& id) const {
  if (auto it = runners_.find(id); it != runners_.end() && it->second.created_since_start) return id;
  // Docker's name filter: any container whose name contains the id, runner or not; the newest one goes.
  // The bystanders were there before any runner.
  std::string target;
  unsigned long newest = 0;
  for (const auto& [name, r] : runners_)
    if (name.find(id) != std::string::npos && (target.empty() || r.sequence > newest)) {
      target = name;
      newest = r.sequence;
    }
  if (!target.empty()) return target;
  for (const auto& name : bystanders_)
    if (name.find(id) != std::string::npos) return name;
  return {};
}

sim_response runner_store::destroy(const std::string& id) {
  auto target = destroy_target(id);
  if (target.empty()) return {404, detail("Runner no encontrado o no se pudo destruir")};
  if (!runners_.erase(target)) bystanders_.erase(std::find(bystanders_.begin(), bystanders_.end(), target));
  return {200, R"({"success":true,"message":"Runner )" + id + R"( destruido exitosamente"})"};
}

std::chrono::milliseconds runner_store::freeze_for(const std::string& method, const std::string& target,
                                                   const std::string& body) {
  if (!manners_.real) return std::chrono::milliseconds(0);
  std::string path = target.substr(0, target.find('?'));
  if (method == "POST" && path == "/runners/create") {
    int count = requested_count(body);
    return count >= 1 && count <= 10 ? manners_.create_per_runner * count : std::chrono::milliseconds(0);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (method == "DELETE" && starts_with(path, "/runners/")) {
    auto parts = split_path(path);
    return parts.size() == 2 && !destroy_target(parts[1]).empty() ? manners_.destroy
                                                                  : std::chrono::milliseconds(0);
  }
  if (method == "POST" && path == "/runners/cleanup") {
    long n = 0;
    for (const auto& [id, r] : runners_) {
      auto status = status_of(r);
      n += status == "error" || status == "exited" || status == "dead";
    }
    return manners_.destroy * n;
  }
  return std::chrono::milliseconds(0);
}

std::string runner_store::containers_json() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out = "[";
  for (const auto& [id, r] : runners_) {
    if (out.size() > 1) out += ',';
    gw::append_json_string(out, id);
  }
  for (const auto& name : bystanders_) {
    if (out.size() > 1) out += ',';
    gw::append_json_string(out, name);
  }
  return out + "]";
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
    out += ",\"traceparent\":";
    gw::append_json_string(out, r.traceparent);
    out += ",\"tracestate\":";
    gw::append_json_string(out, r.tracestate);
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
  if (manners_.real) bystanders_ = {"gha-orchestrator", "gha-gateway-redis"};
}

void runner_store::forget_created() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [id, r] : runners_) r.created_since_start = false;
}

bool runner_store::set_status(const std::string& id, const std::string& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runners_.find(id);
  if (it == runners_.end()) return false;
  it->second.forced_status = status;
  return true;
}

}  // namespace sim
