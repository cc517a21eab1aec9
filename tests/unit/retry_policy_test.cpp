#include <catch2/catch.hpp>

#include "core/retry_policy.hpp"

using namespace gw;
using std::chrono::milliseconds;

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
