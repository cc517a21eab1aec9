#include "core/access/cors.hpp"

#include <algorithm>

#include "core/protocol/envelope.hpp"

namespace gw {

namespace {
constexpr std::string_view allowed_methods = "GET, POST, PUT, DELETE";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Header values we echo must not be able to break the response's framing.
bool safe_header_value(std::string_view v) {
  return std::none_of(v.begin(), v.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
  });
}

void add_origin_headers(std::string_view origin, http_reply& reply) {
  reply.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  reply.headers.emplace_back("Access-Control-Allow-Credentials", "true");
  reply.headers.emplace_back("Vary", "Origin");
  // Browser clients may read the id to quote it in a bug report.
  reply.headers.emplace_back("Access-Control-Expose-Headers", "X-Request-ID, Idempotent-Replayed");
}
}  // namespace

cors_policy parse_cors_origins(std::string_view value) {
  cors_policy policy;
  value = trim(value);
  if (value == "*") return policy;
  policy.any_origin = false;
  while (!value.empty()) {
    auto comma = value.find(',');
    auto item = trim(value.substr(0, comma));
    if (item == "*") return cors_policy{};
    while (!item.empty() && item.back() == '/') item.remove_suffix(1);
    if (!item.empty()) policy.origins.emplace_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return policy;
}

bool origin_allowed(const cors_policy& policy, std::string_view origin) {
  if (origin.empty() || !safe_header_value(origin)) return false;
  if (policy.any_origin) return true;
  return std::find(policy.origins.begin(), policy.origins.end(), origin) != policy.origins.end();
}

void add_cors_headers(const cors_policy& policy, std::string_view origin, http_reply& reply) {
  if (origin_allowed(policy, origin)) add_origin_headers(origin, reply);
}

bool is_preflight(std::string_view method, std::string_view origin, std::string_view requested_method) {
  return method == "OPTIONS" && !origin.empty() && !requested_method.empty();
}

http_reply answer_preflight(const cors_policy& policy, std::string_view origin,
                            std::string_view requested_method, std::string_view requested_headers) {
  bool method_ok = requested_method == "GET" || requested_method == "POST" || requested_method == "PUT" ||
                   requested_method == "DELETE";
  if (!origin_allowed(policy, origin) || !method_ok) return error_reply(400, messages::cors_rejected);
  // The origin's own headers are added with every other answer's (add_cors_headers), never here.
  http_reply reply = success_reply("null", "Preflight CORS aceptado");
  reply.headers.emplace_back("Access-Control-Allow-Methods", std::string(allowed_methods));
  if (!requested_headers.empty() && safe_header_value(requested_headers))
    reply.headers.emplace_back("Access-Control-Allow-Headers", std::string(requested_headers));
  reply.headers.emplace_back("Access-Control-Max-Age", "600");
  return reply;
}

}  // namespace gw
