#include "core/routes.hpp"

#include "core/runner_id.hpp"

namespace gw {

namespace {
constexpr std::string_view runners_path = "/api/v1/runners";
constexpr std::string_view runners_prefix = "/api/v1/runners/";

bool is_docs_path(std::string_view path) {
  for (std::string_view page : {"/docs", "/redoc"})
    if (path.compare(0, page.size(), page) == 0 && (path.size() == page.size() || path[page.size()] == '/'))
      return true;
  return false;
}

route_match only(std::string_view method, std::string_view wanted, route_kind kind) {
  if (method == wanted) return {kind, {}, {}};
  return {route_kind::method_not_allowed, {}, wanted};
}
}  // namespace

std::string_view target_path(std::string_view target) {
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

route_match match_route(std::string_view method, std::string_view target) {
  auto path = target_path(target);
  if (path == "/healthz") return only(method, "GET", route_kind::healthz);
  if (path == "/health" || path == "/api/v1/health") return only(method, "GET", route_kind::health);
  if (path == runners_path) {
    if (method == "GET") return {route_kind::list_runners, {}, {}};
    if (method == "POST") return {route_kind::create_runners, {}, {}};
    return {route_kind::method_not_allowed, {}, "GET, POST"};
  }
  if (path == "/metrics") return only(method, "GET", route_kind::metrics);
  if (path == "/openapi.json") return only(method, "GET", route_kind::openapi);
  if (is_docs_path(path)) return only(method, "GET", route_kind::docs_page);
  if (path.substr(0, runners_prefix.size()) != runners_prefix) return {};

  auto rest = path.substr(runners_prefix.size());
  // As in the reference, POST .../cleanup is its own route; other methods on it take "cleanup" as an id.
  if (rest == "cleanup" && method == "POST") return {route_kind::cleanup_runners, {}, {}};
  std::string_view allow = rest == "cleanup" ? "GET, DELETE, POST" : "GET, DELETE";
  if (method != "GET" && method != "DELETE") return {route_kind::method_not_allowed, {}, allow};
  auto id = runner_id_from_segment(rest);
  if (!id) return {route_kind::bad_runner_id, {}, {}};
  return {method == "GET" ? route_kind::runner_status : route_kind::destroy_runner, std::move(*id), {}};
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
  };
  return routes;
}

bool is_health_path(std::string_view path) {
  return path == "/healthz" || path == "/health" || path == "/api/v1/health";
}

bool is_local_route(route_kind kind) {
  switch (kind) {
    case route_kind::list_runners:
    case route_kind::create_runners:
    case route_kind::runner_status:
    case route_kind::destroy_runner:
    case route_kind::cleanup_runners:
      return false;
    default:
      return true;
  }
}

}  // namespace gw
