#include <catch2/catch.hpp>

#include "core/runners/retry_policy.hpp"

using namespace gw;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

TEST_CASE("backoff doubles from RETRY_BACKOFF_SECONDS") {
  retry_settings s{3, 1.0};
  CHECK(backoff_for_attempt(1, s) == milliseconds(1000));
  CHECK(backoff_for_attempt(2, s) == milliseconds(2000));
  CHECK(backoff_for_attempt(3, s) == milliseconds(4000));
  retry_settings fast{3, 0.05};
  CHECK(backoff_for_attempt(1, fast) == milliseconds(50));
  CHECK(backoff_for_attempt(2, fast) == milliseconds(100));
}

TEST_CASE("idempotent calls retry transport failures, timeouts and 502/503/504") {
  retry_settings s{3, 1.0};
  auto idem = retry_class::idempotent;
  CHECK(should_retry({upstream_failure::not_sent, 0, {}}, idem, 1, s));
  CHECK(should_retry({upstream_failure::transport, 0, {}}, idem, 1, s));
  CHECK(should_retry({upstream_failure::timeout, 0, {}}, idem, 2, s));
  for (unsigned st : {502u, 503u, 504u}) CHECK(should_retry({upstream_failure::none, st, {}}, idem, 1, s));
  for (unsigned st : {200u, 400u, 404u, 500u})
    CHECK_FALSE(should_retry({upstream_failure::none, st, {}}, idem, 1, s));
  CHECK_FALSE(should_retry({upstream_failure::timeout, 0, {}}, idem, 3, s));
  CHECK_FALSE(should_retry({upstream_failure::fail_fast, 0, {}}, idem, 1, s));
}

TEST_CASE("creates retry only when nothing was written") {
  retry_settings s{3, 1.0};
  auto create = retry_class::create;
  CHECK(should_retry({upstream_failure::not_sent, 0, {}}, create, 1, s));
  CHECK_FALSE(should_retry({upstream_failure::transport, 0, {}}, create, 1, s));
  CHECK_FALSE(should_retry({upstream_failure::timeout, 0, {}}, create, 1, s));
  CHECK_FALSE(should_retry({upstream_failure::none, 503, {}}, create, 1, s));
  CHECK_FALSE(should_retry({upstream_failure::not_sent, 0, {}}, create, 3, s));
}

TEST_CASE("worst case call duration adds timeouts and backoffs") {
  CHECK(worst_case_call_duration({3, 1.0}, 30) == milliseconds(93000));
  CHECK(worst_case_call_duration({1, 1.0}, 0.5) == milliseconds(500));
}

namespace {
upstream_outcome stale(upstream_failure failure) {
  upstream_outcome o{failure, 0, {}};
  o.stale_connection = true;
  return o;
}
}  // namespace

TEST_CASE("a dead pooled connection is replaced at once, under the attempt's deadline, while it may be") {
  retry_settings s{3, 1.0};
  auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  auto at_once = retry_step::kind::again_on_new_connection;
  auto unwritten = stale(upstream_failure::not_sent);
  auto written = stale(upstream_failure::transport);
  // Not written: safe for a create too; written: only for idempotent calls.
  CHECK(next_retry_step({unwritten, retry_class::create, 1, false, t0, t0 + 1s, t0 + 10s}, s).what ==
        at_once);
  CHECK(next_retry_step({written, retry_class::idempotent, 1, false, t0, t0 + 1s, t0 + 10s}, s).what ==
        at_once);
  CHECK(next_retry_step({written, retry_class::create, 1, false, t0, t0 + 1s, t0 + 10s}, s).what ==
        retry_step::kind::settle);
  // Neither the attempts made nor fail-fast stop it: it is the same attempt.
  CHECK(next_retry_step({written, retry_class::idempotent, 3, true, t0, t0 + 1s, t0 + 10s}, s).what ==
        at_once);
  // Past the attempt's deadline, the outcome is judged as any other.
  auto late = next_retry_step({unwritten, retry_class::create, 1, false, t0 + 1s, t0 + 1s, t0 + 10s}, s);
  CHECK(late.what == retry_step::kind::again_after_backoff);
  CHECK(late.delay == milliseconds(1000));
}

TEST_CASE(
    "after a failed attempt: a backoff, unless fail-fast, the attempts or the caller's deadline end it") {
  retry_settings s{3, 1.0};
  auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  upstream_outcome busy{upstream_failure::none, 503, {}};
  auto second = next_retry_step({busy, retry_class::idempotent, 2, false, t0, t0 + 1s, t0 + 10s}, s);
  CHECK(second.what == retry_step::kind::again_after_backoff);
  CHECK(second.delay == milliseconds(2000));
  CHECK(next_retry_step({busy, retry_class::idempotent, 1, true, t0, t0 + 1s, t0 + 10s}, s).what ==
        retry_step::kind::settle);
  CHECK(next_retry_step({busy, retry_class::idempotent, 3, false, t0, t0 + 1s, t0 + 10s}, s).what ==
        retry_step::kind::settle);
  // The retry would start exactly at the caller's deadline: not worth waiting for.
  CHECK(next_retry_step({busy, retry_class::idempotent, 1, false, t0, t0 + 1s, t0 + 1s}, s).what ==
        retry_step::kind::settle);
  upstream_outcome ok{upstream_failure::none, 200, {}};
  CHECK(next_retry_step({ok, retry_class::idempotent, 1, false, t0, t0 + 1s, t0 + 10s}, s).what ==
        retry_step::kind::settle);
}
