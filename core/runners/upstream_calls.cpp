#include "core/runners/upstream_calls.hpp"

namespace gw {

upstream_call upstream_call_for(route_kind kind, const std::string& runner_id, std::string canonical_body,
                                unsigned runners) {
  upstream_call call;
  switch (kind) {
    case route_kind::create_runners:
      call = {"POST", "/runners/create", std::move(canonical_body), retry_class::create};
      call.work = call_work::create;
      break;
    case route_kind::list_runners:
      call = {"GET", "/runners", {}, retry_class::idempotent};
      break;
    case route_kind::runner_status:
      call = {"GET", "/runners/" + runner_id + "/status", {}, retry_class::idempotent};
      break;
    case route_kind::destroy_runner:
      call = {"DELETE", "/runners/" + runner_id, {}, retry_class::idempotent};
      call.work = call_work::destroy;
      break;
    case route_kind::cleanup_runners:
      call = {"POST", "/runners/cleanup", {}, retry_class::idempotent};
      call.work = call_work::destroy;
      break;
    default:
      return {};
  }
  call.runners = runners;
  return call;
}

}  // namespace gw
