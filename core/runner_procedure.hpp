// The orchestrator calls behind one API request, in order, and the client's answer made from their
// outcomes. What the real orchestrator does (orchestrator-contract.md) decides the steps:
// - list and create: one call each;
// - status: the runner's status; when the orchestrator answers its "unknown" shape (200, status "error",
//   nothing else), the list decides: a runner is what the list shows, anything else is 404;
// - destroy: the list first, and the DELETE only for an id listed as a runner (the orchestrator's own
//   lookup matches any container whose name contains the id); a 404 after a lost attempt means gone;
// - cleanup: the list before and, unless the orchestrator names the ids it cleaned, the list after.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/http_reply.hpp"
#include "core/routes.hpp"
#include "core/upstream.hpp"

namespace gw {

class runner_procedure {
 public:
  // Exactly one of the two is set: the next call to make, or the client's answer.
  struct step {
    std::optional<upstream_call> call;
    std::optional<http_reply> reply;
  };

  // `count`: the runners a create asks for.
  runner_procedure(route_kind kind, std::string runner_id, std::string canonical_body = {},
                   unsigned count = 0);

  step start();
  step next(const upstream_outcome& outcome);

 private:
  enum class stage {
    single,
    status,
    status_list,
    destroy_list,
    destroy,
    cleanup_before,
    cleanup,
    cleanup_after
  };
  step call(stage next_stage, upstream_call c);
  static step answer(http_reply reply);

  route_kind kind_;
  std::string runner_id_;
  std::string canonical_body_;
  unsigned count_;
  stage stage_ = stage::single;
  std::vector<std::string> listed_before_;
  std::string cleanup_body_;
};

}  // namespace gw
