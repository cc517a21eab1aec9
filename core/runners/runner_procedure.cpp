#include "core/runners/runner_procedure.hpp"

#include <algorithm>

#include "core/protocol/envelope.hpp"
#include "core/protocol/runner_id.hpp"
#include "core/runners/runner_labels.hpp"
#include "core/runners/runner_lists.hpp"
#include "core/runners/upstream_answers.hpp"
#include "core/runners/upstream_calls.hpp"
#include "core/text/json_text.hpp"
#include "core/text/log_text.hpp"

namespace gw {

namespace {
bool answered_2xx(const upstream_outcome& o) {
  return o.failure == upstream_failure::none && o.status >= 200 && o.status <= 299;
}

// Whether the orchestrator's substring lookup of `id` could remove a listed runner other than `id`.
bool another_runner_found_by_name_filter(std::string_view list_body, std::string_view id) {
  auto ids = listed_runner_ids(list_body);
  if (!ids) return true;
  return std::any_of(ids->begin(), ids->end(),
                     [&](const std::string& other) { return other != id && name_filter_finds(id, other); });
}

upstream_call list_call() {
  return upstream_call_for(route_kind::list_runners, {}, {});
}
}  // namespace

runner_procedure::runner_procedure(route_kind kind, std::string runner_id, create_request create,
                                   const grant_set* grants)
    : kind_(kind), runner_id_(std::move(runner_id)), create_(std::move(create)), grants_(grants) {
  if (kind_ == route_kind::create_runners) runner_scope_ = create_.scope + ":" + create_.scope_name;
}

runner_procedure::step runner_procedure::call(stage next_stage, upstream_call c) {
  stage_ = next_stage;
  return {std::move(c), std::nullopt};
}

runner_procedure::step runner_procedure::answer(http_reply reply) {
  return {std::nullopt, std::move(reply)};
}

runner_procedure::step runner_procedure::refuse(http_reply reply) {
  refused_by_grants_ = true;
  return answer(std::move(reply));
}

runner_procedure::step runner_procedure::list_answer(const upstream_outcome& outcome) {
  auto kept = answered_2xx(outcome) ? filter_runner_list(outcome.body, *grants_) : filtered_runner_list{};
  if (!kept.valid) return answer(reply_for_outcome(kind_, runner_id_, outcome));
  return answer(
      success_reply(kept.json(outcome.body), "Listados " + std::to_string(kept.count) + " runners activos"));
}

runner_procedure::step runner_procedure::start() {
  if (restricted() && kind_ == route_kind::cleanup_runners)
    return refuse(error_reply(403, messages::cleanup_forbidden));
  if (restricted() && kind_ == route_kind::create_runners &&
      !grants_->covers(create_.scope, create_.scope_name))
    return refuse(error_reply(
        403, std::string(messages::scope_forbidden_prefix) + create_.scope + ":" + create_.scope_name));
  switch (kind_) {
    case route_kind::runner_status:
      return call(stage::status, upstream_call_for(kind_, runner_id_, {}));
    case route_kind::destroy_runner:
      return call(stage::destroy_list, list_call());
    case route_kind::cleanup_runners:
      return call(stage::cleanup_before, list_call());
    default:
      return call(stage::single,
                  upstream_call_for(kind_, runner_id_, std::move(create_.canonical_body), create_.count));
  }
}

runner_procedure::step runner_procedure::next(const upstream_outcome& outcome) {
  // A failed step answers as the route would have (503, 504, the orchestrator's error, 502).
  auto failed = [&] { return answer(reply_for_outcome(kind_, runner_id_, outcome)); };
  switch (stage_) {
    case stage::single:
      // Not sent: connecting failed, or the proxy failed fast (the orchestrator known to be down).
      never_delivered_ =
          kind_ == route_kind::create_runners &&
          (outcome.failure == upstream_failure::not_sent || outcome.failure == upstream_failure::fail_fast) &&
          !outcome.earlier_attempt_lost;
      refused_by_orchestrator_ = kind_ == route_kind::create_runners &&
                                 outcome.failure == upstream_failure::none && outcome.status >= 500 &&
                                 !outcome.earlier_attempt_lost;
      if (kind_ == route_kind::list_runners && restricted()) return list_answer(outcome);
      return failed();
    case stage::status:
      if (!answered_2xx(outcome)) return failed();
      if (!is_unknown_runner_status(outcome.body)) {
        // An answer that is no RunnerStatus is the orchestrator's fault (502), hidden or not.
        auto labels = restricted() ? labels_of_runner(outcome.body) : runner_labels{};
        if (labels.valid && !grants_cover(*grants_, labels))
          return refuse(error_reply(404, messages::runner_not_found));
        return failed();
      }
      return call(stage::status_list, list_call());
    case stage::status_list: {
      if (!answered_2xx(outcome)) return failed();
      auto listed = find_listed_runner(outcome.body, runner_id_);
      if (!listed.is_list) return answer(error_reply(502, messages::upstream_bad_response));
      if (!listed.entry) return answer(error_reply(404, messages::runner_not_found));
      if (restricted() && !grants_cover(*grants_, labels_of_runner(*listed.entry)))
        return refuse(error_reply(404, messages::runner_not_found));
      return answer(success_reply(*listed.entry, messages::status_obtained));
    }
    case stage::destroy_list: {
      if (!answered_2xx(outcome)) return failed();
      auto listed = find_listed_runner(outcome.body, runner_id_);
      if (!listed.is_list) return answer(error_reply(502, messages::upstream_bad_response));
      if (!listed.entry) return answer(error_reply(404, messages::runner_not_found));  // nothing sent
      auto labels = labels_of_runner(*listed.entry);
      if (labels.present) runner_scope_ = sanitize_for_log(labels.scope + ":" + labels.scope_name, 160);
      if (restricted() && !grants_cover(*grants_, labels))
        return refuse(error_reply(404, messages::runner_not_found));  // nothing sent
      if (another_runner_found_by_name_filter(outcome.body, runner_id_))
        return answer(error_reply(409, messages::runner_id_ambiguous));  // nothing sent
      return call(stage::destroy, upstream_call_for(kind_, runner_id_, {}, 1));
    }
    case stage::destroy:
      // Listed a moment ago, 404 now, after an attempt that may have done it: the runner is gone.
      if (outcome.failure == upstream_failure::none && outcome.status == 404 && outcome.earlier_attempt_lost)
        return answer(destroyed_reply(runner_id_));
      return failed();
    case stage::cleanup_before: {
      if (!answered_2xx(outcome)) return failed();
      auto ids = listed_runner_ids(outcome.body);
      if (!ids) return answer(error_reply(502, messages::upstream_bad_response));
      listed_before_ = std::move(*ids);
      return call(stage::cleanup,
                  upstream_call_for(kind_, {}, {}, static_cast<unsigned>(listed_before_.size())));
    }
    case stage::cleanup:
      if (!answered_2xx(outcome) || lists_cleaned_runners(outcome.body)) return failed();
      cleanup_body_ = outcome.body;
      return call(stage::cleanup_after, list_call());
    case stage::cleanup_after: {
      auto ids = answered_2xx(outcome) ? listed_runner_ids(outcome.body) : std::nullopt;
      if (!ids) return answer(cleanup_reply_unconfirmed(cleanup_body_));
      return answer(cleanup_reply_from_lists(listed_before_, *ids));
    }
  }
  return failed();
}

}  // namespace gw
