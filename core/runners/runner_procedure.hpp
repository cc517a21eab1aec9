// The orchestrator calls behind one API request, in order, and the client's answer made from their
// outcomes. What the real orchestrator does (orchestrator-contract.md) decides the steps:
// - list and create: one call each;
// - status: the runner's status; when the orchestrator answers its "unknown" shape (200, status "error",
//   nothing else), the list decides: a runner is what the list shows, anything else is 404;
// - destroy: the list first, and the DELETE only for an id listed as a runner (the orchestrator's own
//   lookup matches any container whose name contains the id), and never for an id that another listed
//   runner's name contains (409: that lookup could remove the other one); a 404 after a lost attempt
//   means gone;
// - cleanup: the list before and, unless the orchestrator names the ids it cleaned, the list after.
// A key's grants (core/access/key_grants) narrow each route: a create outside them and any cleanup but `*`'s
// are 403 with nothing sent; the list shows only covered runners; a runner outside them is answered as an
// unknown one (404), and a destroy deletes only a covered runner (its list entry's labels decide).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/access/key_grants.hpp"
#include "core/protocol/http_reply.hpp"
#include "core/protocol/routes.hpp"
#include "core/runners/upstream.hpp"

namespace gw {

// What a create asks for: `count` runners of scope/scope_name (the validated body's).
struct create_request {
  std::string canonical_body;
  unsigned count = 0;
  std::string scope;
  std::string scope_name;
};

class runner_procedure {
 public:
  // Exactly one of the two is set: the next call to make, or the client's answer.
  struct step {
    std::optional<upstream_call> call;
    std::optional<http_reply> reply;
  };

  // `grants`: the key's, or null when keys are off (everything). Kept by the caller for the procedure's life.
  runner_procedure(route_kind kind, std::string runner_id, create_request create = {},
                   const grant_set* grants = nullptr);

  step start();
  step next(const upstream_outcome& outcome);

  // Whether the answer was decided by the key's grants (403, or a runner hidden as 404).
  bool refused_by_grants() const { return refused_by_grants_; }
  // A create whose final outcome says it never reached the orchestrator (no attempt was written).
  bool create_never_delivered() const { return never_delivered_; }
  // A create the orchestrator itself answered with an error (5xx) at its only delivered attempt: it did
  // not create.
  bool create_refused_by_orchestrator() const { return refused_by_orchestrator_; }
  // The runner's owner as "scope:scope_name": a create's, or a destroyed runner's labels once listed.
  const std::string& runner_scope() const { return runner_scope_; }

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
  step refuse(http_reply reply);
  bool restricted() const { return grants_ != nullptr && !grants_->everything(); }
  step list_answer(const upstream_outcome& outcome);

  route_kind kind_;
  std::string runner_id_;
  create_request create_;
  const grant_set* grants_;
  bool refused_by_grants_ = false;
  bool never_delivered_ = false;
  bool refused_by_orchestrator_ = false;
  std::string runner_scope_;
  stage stage_ = stage::single;
  std::vector<std::string> listed_before_;
  std::string cleanup_body_;
};

}  // namespace gw
