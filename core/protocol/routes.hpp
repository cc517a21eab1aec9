// Maps a request's method and target onto one of the gateway's routes.
#pragma once
#include <cstdint>
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
  github_webhook,      // POST /webhooks/github (exists while a webhook secret is in force)
  bad_runner_id,       // a path under /api/v1/runners/ whose id must never be forwarded
  method_not_allowed,  // known path, other method; `allow` lists the methods it takes
  not_found,
};

// Which of the gateway's paths a request path is, whatever the method: the one place that knows them. The
// router, the probe exemptions and the metrics' route label all start from it.
enum class path_family : std::uint8_t {
  healthz,          // /healthz
  health,           // /health
  api_health,       // /api/v1/health
  runners,          // /api/v1/runners
  runners_cleanup,  // /api/v1/runners/cleanup
  runner,           // anything else under /api/v1/runners/ (an id, valid or not)
  metrics,          // /metrics
  openapi,          // /openapi.json
  docs,             // /docs and /docs/...
  redoc,            // /redoc and /redoc/...
  github_webhook,   // /webhooks/github
  other,
  count
};

path_family path_family_of(std::string_view path);

// /healthz, /health and /api/v1/health: probes that limits and access control let through.
bool is_health_family(path_family family);

// What a request's route is, and what it needs: computed once, when the front matches it.
struct route_match {
  route_kind kind = route_kind::not_found;
  std::string runner_id;  // decoded, for runner_status and destroy_runner
  std::string_view allow;
  // Under /api/v1/ but health, and /metrics on the public port (it names every key and its activity): the
  // API key check and the client's rate limit apply (an unknown path under /api/v1/ is 401 before 404).
  bool needs_key = false;
  bool local = true;  // answered from the gateway itself, with no orchestrator call
};

// The path of a request target: everything before '?'. An absolute-form target (`http://host/path`, what
// a client using the gateway as a proxy sends; RFC 9112 section 3.2.2) gives the path after its authority.
std::string_view target_path(std::string_view target);

// HEAD is served wherever GET is (RFC 9110 section 9.3.2): the same route; the session sends no body.
route_match match_route(std::string_view method, std::string_view target);
// The same for a path already classified (the session classifies each request's path once).
route_match match_route(std::string_view method, std::string_view path, path_family family);

// Every method and path template the gateway serves (the OpenAPI document must list each one).
struct served_route {
  std::string_view method;
  std::string_view path;  // {runner_id} stands for any valid id
};
const std::vector<served_route>& served_routes();

}  // namespace gw
