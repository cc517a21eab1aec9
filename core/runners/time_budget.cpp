#include "core/runners/time_budget.hpp"

#include <algorithm>

namespace gw {

std::chrono::milliseconds attempt_timeout_for(const upstream_call& call, const time_budget_settings& s) {
  switch (call.work) {
    case call_work::quick:
      break;
    case call_work::create:
      return s.attempt + s.create_per_runner * std::max(1u, call.runners);
    case call_work::destroy:
      return std::max(s.attempt, s.destroy * std::clamp(call.runners, 1u, max_budgeted_destroys));
  }
  return s.attempt;
}

std::chrono::milliseconds worst_case_for(const upstream_call& call, const time_budget_settings& s) {
  auto timeout = std::chrono::duration<double>(attempt_timeout_for(call, s)).count();
  return worst_case_call_duration(s.retry, timeout);
}

std::chrono::steady_clock::time_point call_deadline(const upstream_call& call,
                                                    std::chrono::steady_clock::time_point arrived_at,
                                                    std::chrono::steady_clock::time_point now,
                                                    const time_budget_settings& s) {
  if (s.request_timeout.count() > 0) return arrived_at + s.request_timeout;
  return now + worst_case_for(call, s);
}

std::chrono::milliseconds longest_request(const time_budget_settings& s) {
  if (s.request_timeout.count() > 0) return s.request_timeout;
  upstream_call quick, create, destroy_one, destroy_many;
  create.work = call_work::create;
  create.runners = 10;
  destroy_one.work = destroy_many.work = call_work::destroy;
  destroy_one.runners = 1;
  destroy_many.runners = max_budgeted_destroys;
  auto q = worst_case_for(quick, s);
  return std::max({2 * q, worst_case_for(create, s), q + worst_case_for(destroy_one, s),
                   2 * q + worst_case_for(destroy_many, s)});
}

std::chrono::milliseconds longest_create_life(const time_budget_settings& s) {
  upstream_call create;
  create.work = call_work::create;
  create.runners = 10;
  auto whole = worst_case_for(create, s);
  if (s.request_timeout.count() == 0) return whole;
  return std::min(whole, s.request_timeout + attempt_timeout_for(create, s));
}

}  // namespace gw
