#include "core/protocol/routes.hpp"

#include "core/protocol/runner_id.hpp"
#include "core/text/ascii_text.hpp"

namespace gw {

namespace {
constexpr std::string_view runners_prefix = "/api/v1/runners/";

bool is_page(std::string_view path, std::string_view page) {
  return path.compare(0, page.size(), page) == 0 && (path.size() == page.size() || path[page.size()] == '/');
}

// Every GET-only route: HEAD has come in as GET.
route_match get_only(std::string_view method, route_kind kind) {
  if (method == "GET") return {kind, {}, {}};
  return {route_kind::method_not_allowed, {}, "GET, HEAD"};
}
}  // namespace

std::string_view target_path(std::string_view target) {
  if (!target.empty() && target.front() != '/') {
    // absolute-form: scheme "://" authority [path-abempty] ["?" query]
    auto scheme_end = target.find("://");
    auto scheme = target.substr(0, scheme_end == std::string_view::npos ? 0 : scheme_end);
    if (iequals_ascii(scheme, "http") || iequals_ascii(scheme, "https")) {
      auto rest = target.substr(scheme_end + 3);
      auto path_start = rest.find_first_of("/?");
      if (path_start == std::string_view::npos) return "/";
      target = rest.substr(path_start);
      if (target.front() == '?') return "/";
    }
  }
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

path_family path_family_of(std::string_view path) {
  if (path == "/healthz") return path_family::healthz;
  if (path == "/health") return path_family::health;
  if (path == "/api/v1/health") return path_family::api_health;
  if (path == "/api/v1/runners") return path_family::runners;
  if (path.compare(0, runners_prefix.size(), runners_prefix) == 0)
    return path.substr(runners_prefix.size()) == "cleanup" ? path_family::runners_cleanup
                                                           : path_family::runner;
  if (path == "/metrics") return path_family::metrics;
  if (path == "/openapi.json") return path_family::openapi;
  if (is_page(path, "/docs")) return path_family::docs;
  if (is_page(path, "/redoc")) return path_family::redoc;
  if (path == "/webhooks/github") return path_family::github_webhook;
  return path_family::other;
}

bool is_health_family(path_family family) {
  return family == path_family::healthz || family == path_family::health || family == path_family::api_health;
}

route_match match_route(std::string_view method, std::string_view target) {
  auto path = target_path(target);
  return match_route(method, path, path_family_of(path));
}

namespace {
bool needs_key(std::string_view path, path_family family) {
  constexpr std::string_view api = "/api/v1/";
  return family == path_family::metrics || (path.substr(0, api.size()) == api && !is_health_family(family));
}

bool is_local(route_kind kind) {
  switch (kind) {
    case route_kind::list_runners:
    case route_kind::create_runners:
    case route_kind::runner_status:
    case route_kind::destroy_runner:
    case route_kind::cleanup_runners:
    case route_kind::github_webhook:
      return false;
    default:
      return true;
  }
}

route_match match_kind(std::string_view method, std::string_view path, path_family family) {
  switch (family) {
    case path_family::healthz:
      return get_only(method, route_kind::healthz);
    case path_family::health:
    case path_family::api_health:
      return get_only(method, route_kind::health);
    case path_family::runners:
      if (method == "GET") return {route_kind::list_runners, {}, {}};
      if (method == "POST") return {route_kind::create_runners, {}, {}};
      return {route_kind::method_not_allowed, {}, "GET, HEAD, POST"};
    case path_family::metrics:
      return get_only(method, route_kind::metrics);
    case path_family::openapi:
      return get_only(method, route_kind::openapi);
    case path_family::docs:
    case path_family::redoc:
      return get_only(method, route_kind::docs_page);
    case path_family::github_webhook:
      if (method == "POST") return {route_kind::github_webhook, {}, {}};
      return {route_kind::method_not_allowed, {}, "POST"};
    case path_family::runners_cleanup:
    case path_family::runner:
      break;
    default:
      return {};
  }

  auto rest = path.substr(runners_prefix.size());
  // As in the reference, POST .../cleanup is its own route; other methods on it take "cleanup" as an id.
  if (rest == "cleanup" && method == "POST") return {route_kind::cleanup_runners, {}, {}};
  std::string_view allow = rest == "cleanup" ? "GET, HEAD, DELETE, POST" : "GET, HEAD, DELETE";
  if (method != "GET" && method != "DELETE") return {route_kind::method_not_allowed, {}, allow};
  auto id = runner_id_from_segment(rest);
  if (!id) return {route_kind::bad_runner_id, {}, {}};
  return {method == "GET" ? route_kind::runner_status : route_kind::destroy_runner, std::move(*id), {}};
}
}  // namespace

route_match match_route(std::string_view method, std::string_view path, path_family family) {
  if (method == "HEAD") method = "GET";
  auto route = match_kind(method, path, family);
  route.needs_key = needs_key(path, family);
  route.local = is_local(route.kind);
  return route;
}

const std::vector<served_route>& served_routes() {
  static const std::vector<served_route> routes{
      {"POST", "/api/v1/runners"},
      {"GET", "/api/v1/runners"},
      {"GET", "/api/v1/runners/{runner_id}"},
      {"DELETE", "/api/v1/runners/{runner_id}"},
      {"POST", "/api/v1/runners/cleanup"},
      {"GET", "/api/v1/health"},
      {"GET", "/health"},
      {"GET", "/healthz"},
      {"GET", "/metrics"},
      {"GET", "/openapi.json"},
      {"GET", "/docs"},
      {"GET", "/redoc"},
      {"POST", "/webhooks/github"},
  };
  return routes;
}

}  // namespace gw
