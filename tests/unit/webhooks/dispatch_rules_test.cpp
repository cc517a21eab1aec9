#include <catch2/catch.hpp>

#include "core/webhooks/job_intake.hpp"
#include "core/webhooks/job_schedule.hpp"
#include "core/webhooks/runner_caps.hpp"
#include "core/webhooks/seen_deliveries.hpp"

using namespace gw;
using namespace std::chrono_literals;

TEST_CASE("the caps count creates in flight and runners not yet gone") {
  fleet_ledger ledger;
  runner_caps caps{3, 2};
  auto a = scope_key("repo", "Acme/App"), b = scope_key("repo", "acme/other");
  CHECK(a == "repo:acme/app");
  CHECK(ledger.allows(a, caps));
  ledger.create_started(a);
  ledger.create_started(a);
  CHECK_FALSE(ledger.allows(a, caps));  // per scope
  CHECK(ledger.allows(b, caps));
  ledger.create_started(b);
  CHECK_FALSE(ledger.allows(b, caps));  // whole fleet
  ledger.create_ended(a, "r1", true);
  ledger.create_ended(a, "r2", false);  // nothing made
  CHECK(ledger.total() == 2);
  CHECK(ledger.of(a) == 1);
  CHECK(ledger.allows(a, caps));
  CHECK(ledger.runner_ended("r1"));
  CHECK_FALSE(ledger.runner_ended("r1"));
  CHECK_FALSE(ledger.runner_ended("someone-elses"));
  CHECK(ledger.of(a) == 0);
  // Ending what never started changes nothing.
  ledger.create_ended(a, "r9", true);
  CHECK(ledger.of(a) == 0);
  CHECK(fleet_ledger().allows(a, runner_caps{}));
}

TEST_CASE("a list forgets only the runners made before it was asked for") {
  fleet_ledger ledger;
  auto a = scope_key("org", "acme");
  ledger.create_started(a);
  ledger.create_ended(a, "old", true);
  ledger.create_started(a);
  ledger.create_ended(a, "listed", true);
  auto listing = ledger.begin_listing();
  ledger.create_started(a);
  ledger.create_ended(a, "made-after", true);  // the list may not show it yet
  CHECK(ledger.reconcile(listing, {"listed", "unrelated"}) == 1);
  CHECK_FALSE(ledger.counts("old"));
  CHECK(ledger.counts("listed"));
  CHECK(ledger.counts("made-after"));
  CHECK(ledger.of(a) == 2);
}

TEST_CASE("backoff, TTL and caps decide when a job goes") {
  auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
  job_schedule job{"repo:a/b", t0, t0, 0};
  fleet_ledger ledger;
  CHECK(job_can_go(job, ledger, {}, t0));
  job_failed(job, t0);
  CHECK(job.failures == 1);
  CHECK_FALSE(job_can_go(job, ledger, {}, t0 + 500ms));
  CHECK(job_can_go(job, ledger, {}, t0 + 1s));
  job_failed(job, t0);
  CHECK(job.not_before == t0 + 2s);
  CHECK(redispatch_delay_seconds(1) == 1);
  CHECK(redispatch_delay_seconds(3) == 4);
  CHECK(redispatch_delay_seconds(30) == 60);
  ledger.create_started("repo:a/b");
  CHECK_FALSE(job_can_go(job, ledger, {0, 1}, t0 + 10s));
  CHECK_FALSE(job_expired(job, t0 + 3599s, 3600s));
  CHECK(job_expired(job, t0 + 3600s, 3600s));
}

TEST_CASE("dedup keys are remembered for their TTL, bounded, and forgotten on demand") {
  auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
  seen_deliveries seen(3);
  seen.add("a", t0, 10s);
  CHECK(seen.contains("a", t0 + 9s));
  CHECK_FALSE(seen.contains("a", t0 + 10s));
  seen.add("b", t0, 20s);
  seen.add("c", t0, 30s);
  seen.add("d", t0, 40s);  // full: the one expiring first goes
  CHECK_FALSE(seen.contains("a", t0));
  CHECK(seen.contains("b", t0));
  CHECK(seen.size() == 3);
  seen.forget("c");
  CHECK_FALSE(seen.contains("c", t0));
  seen.add("e", t0 + 25s, 40s);  // b has expired by then
  CHECK(seen.size() == 2);
  seen.add("d", t0, 5s);  // re-added: one entry
  CHECK(seen.size() == 2);
}
