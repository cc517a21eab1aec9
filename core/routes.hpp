// Maps a request's method and target onto one of the gateway's routes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace gw {

enum class route_kind {
  healthz,
  health,
  list_runners,
  create_runners,
  runner_status,
  destroy_runner,
  cleanup_runners,
  metrics,             // GET /metrics
  openapi,             // GET /openapi.json
  docs_page,           // GET /docs, /redoc and their assets (see docs_site)
  bad_runner_id,       // a path under /api/v1/runners/ whose id must never be forwarded
  method_not_allowed,  // known path, other method; `allow` lists the methods it takes
  not_found,
};

struct route_match {
  route_kind kind = route_kind::not_found;
  std::string runner_id;  // decoded, for runner_status and destroy_runner
  std::string_view allow;
};

// The path of a request target: everything before '?'.
std::string_view target_path(std::string_view target);

route_match match_route(std::string_view method, std::string_view target);

// /healthz, /health and /api/v1/health: probes that limits and access control let through.
bool is_health_path(std::string_view path);

// True for routes answered from the gateway itself, with no upstream call.
bool is_local_route(route_kind kind);

// Every method and path template the gateway serves (the OpenAPI document must list each one).
struct served_route {
  std::string_view method;
  std::string_view path;  // {runner_id} stands for any valid id
};
const std::vector<served_route>& served_routes();

}  // namespace gw
