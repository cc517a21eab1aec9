#include "core/runners/runner_request.hpp"

#include <algorithm>
#include <set>

#include "core/protocol/github_names.hpp"
#include "core/text/json_text.hpp"

namespace gw {

namespace {
constexpr std::size_t max_labels = 32;
constexpr std::size_t max_label_length = 64;
constexpr std::size_t max_runner_name = 64;
constexpr std::size_t max_runner_group = 128;

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool has_control_char(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string_view view(const rapidjson::Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

bool is_runner_name(std::string_view s) {
  if (s.empty() || s.size() > max_runner_name || !is_alnum(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

runner_validation fail(std::string message) {
  return {false, {}, std::move(message), 0, {}, {}};
}

std::string first_duplicate_key(const rapidjson::Value& obj) {
  // A create body has a handful of members: compare them pairwise, with no allocation; a set beyond that
  // keeps a body of thousands of keys from costing a quadratic scan.
  if (obj.MemberCount() <= 16) {
    for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it)
      for (auto other = obj.MemberBegin(); other != it; ++other)
        if (view(other->name) == view(it->name)) return std::string(view(it->name));
    return {};
  }
  std::set<std::string_view> seen;
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it)
    if (!seen.insert(view(it->name)).second) return std::string(view(it->name));
  return {};
}

void append_optional_string(std::string& out, const rapidjson::Value* v) {
  if (v && v->IsString())
    append_json_string(out, view(*v));
  else
    out += "null";
}

// The body sent to the orchestrator: every field in a fixed order, absent ones as null.
std::string canonical_body(const rapidjson::Value& scope, const rapidjson::Value& scope_name,
                           const rapidjson::Value* runner_name, const rapidjson::Value* runner_group,
                           const rapidjson::Value* labels, int64_t count) {
  std::string out;
  out.reserve(128 + scope_name.GetStringLength());
  out += "{\"scope\":";
  append_json_string(out, view(scope));
  out += ",\"scope_name\":";
  append_json_string(out, view(scope_name));
  out += ",\"runner_name\":";
  append_optional_string(out, runner_name);
  out += ",\"runner_group\":";
  append_optional_string(out, runner_group);
  out += ",\"labels\":";
  if (labels && labels->IsArray()) {
    out += '[';
    bool first = true;
    for (const auto& label : labels->GetArray()) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, view(label));
    }
    out += ']';
  } else {
    out += "null";
  }
  out += ",\"count\":";
  out += std::to_string(count);
  out += '}';
  return out;
}
}  // namespace

runner_validation validate_runner_request(std::string_view body) {
  // The parsed values live on the stack first (a create body fits): no heap allocation per request.
  char value_buffer[8192];
  rapidjson::MemoryPoolAllocator<> values(value_buffer, sizeof value_buffer);
  rapidjson::Document doc(&values);
  if (!parse_untrusted_json(doc, body) || !doc.IsObject())
    return fail(std::string(messages::body_not_object));
  if (auto dup = first_duplicate_key(doc); !dup.empty())
    return fail(std::string(messages::duplicate_field_prefix) + dup);

  const auto* scope = member(doc, "scope");
  if (!scope || scope->IsNull()) return fail(std::string(messages::missing_field_prefix) + "scope");
  const auto* scope_name = member(doc, "scope_name");
  if (!scope_name || scope_name->IsNull())
    return fail(std::string(messages::missing_field_prefix) + "scope_name");

  if (!scope->IsString() || (view(*scope) != "repo" && view(*scope) != "org"))
    return fail(std::string(messages::bad_scope));
  bool repo_scope = view(*scope) == "repo";
  if (repo_scope) {
    bool ok = scope_name->IsString();
    if (ok) {
      auto name = view(*scope_name);
      auto slash = name.find('/');
      ok = slash != std::string_view::npos && is_github_owner_name(name.substr(0, slash)) &&
           is_github_repo_name(name.substr(slash + 1));
    }
    if (!ok) return fail(std::string(messages::bad_repo_name));
  } else if (!scope_name->IsString() || !is_github_owner_name(view(*scope_name))) {
    return fail(std::string(messages::bad_org_name));
  }

  int64_t count = 1;
  if (const auto* c = member(doc, "count")) {
    if (!c->IsInt64() || c->GetInt64() < 1 || c->GetInt64() > 10)
      return fail(std::string(messages::bad_count));
    count = c->GetInt64();
  }

  const auto* labels = member(doc, "labels");
  if (labels && !labels->IsNull()) {
    if (!labels->IsArray()) return fail(std::string(messages::labels_not_list));
    for (const auto& label : labels->GetArray())
      if (!label.IsString() || is_blank(view(label))) return fail(std::string(messages::bad_label));
    for (const auto& label : labels->GetArray()) {
      auto text = view(label);
      if (text.size() > max_label_length || has_control_char(text) ||
          text.find(',') != std::string_view::npos)
        return fail(std::string(messages::label_limits));
    }
    if (labels->Size() > max_labels) return fail(std::string(messages::label_limits));
  }

  const auto* runner_name = member(doc, "runner_name");
  if (runner_name && !runner_name->IsNull() &&
      (!runner_name->IsString() || !is_runner_name(view(*runner_name))))
    return fail(std::string(messages::bad_runner_name));

  const auto* runner_group = member(doc, "runner_group");
  if (runner_group && !runner_group->IsNull()) {
    bool ok = runner_group->IsString() && !is_blank(view(*runner_group)) &&
              runner_group->GetStringLength() <= max_runner_group && !has_control_char(view(*runner_group));
    if (!ok) return fail(std::string(messages::bad_runner_group));
  }

  return {true,
          canonical_body(*scope, *scope_name, runner_name, runner_group, labels, count),
          {},
          static_cast<unsigned>(count),
          std::string(view(*scope)),
          std::string(view(*scope_name))};
}

}  // namespace gw
