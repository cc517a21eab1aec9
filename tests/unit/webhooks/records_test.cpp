#include <catch2/catch.hpp>

#include "core/webhooks/job_intake.hpp"
#include "core/webhooks/job_record.hpp"
#include "core/webhooks/runner_caps.hpp"
#include "core/webhooks/webhook_redis.hpp"

using namespace gw;

TEST_CASE("a job's record survives the stream, whole") {
  webhook_job_record job{"d-1",        42,      3,
                         "org",        "acme",  R"({"scope":"org","scope_name":"acme","count":1})",
                         "acme-hook",  "req-1", std::string(32, 'f'),
                         1707090840123};
  auto text = job_record_text(job);
  auto back = job_record_from_text(text).value();
  CHECK(back.delivery_id == "d-1");
  CHECK(back.job_id == 42);
  CHECK(back.run_attempt == 3);
  CHECK(back.scope == "org");
  CHECK(back.scope_name == "acme");
  CHECK(back.create_body == job.create_body);
  CHECK(back.signer == "acme-hook");
  CHECK(back.received_unix_ms == 1707090840123);
  job.signer = "two\nlines";
  CHECK(job_record_text(job).empty());
  CHECK_FALSE(job_record_from_text(""));
  CHECK_FALSE(job_record_from_text(text.substr(0, text.size() - 1)));
  CHECK_FALSE(job_record_from_text(text + "more\n"));
  CHECK_FALSE(job_record_from_text("j2\n" + text.substr(3)));
}

TEST_CASE("an update's record, and the entries of a fetch") {
  webhook_job_update_record update{"completed", 42, 1, "gh-job-42-1-r", 10.5, std::nullopt};
  auto back = update_record_from_text(update_record_text(update)).value();
  CHECK(back.action == "completed");
  CHECK(back.runner_name == "gh-job-42-1-r");
  CHECK(back.created_at.value() == Approx(10.5));
  CHECK_FALSE(back.started_at);
  auto entries = stream_entries_from_text("1-0 j 5\nhello2-0 u 0\n").value();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].id == "1-0");
  CHECK(entries[0].payload == "hello");
  CHECK(entries[1].kind == 'u');
  CHECK(entries[1].payload.empty());
  CHECK(stream_entries_from_text("")->empty());
  CHECK_FALSE(stream_entries_from_text("1-0 j 9\nshort"));
  CHECK_FALSE(stream_entries_from_text("1-0 x 1\na"));
  CHECK_FALSE(stream_entries_from_text("garbage"));
}

TEST_CASE("the runners made for jobs, as a list shows them") {
  CHECK(is_job_runner_name(runner_name_for(7, 2)));
  CHECK_FALSE(is_job_runner_name("gh-job--1-r"));
  CHECK_FALSE(is_job_runner_name("gh-job-7-r"));
  CHECK_FALSE(is_job_runner_name("gh-job-7-2-rx"));
  CHECK_FALSE(is_job_runner_name("runner-abc"));
  auto listed =
      listed_job_runners(R"([{"runner_id":"gh-job-7-2-r","labels":{"scope":"repo","scope_name":"Acme/App"}},)"
                         R"({"runner_id":"gh-job-8-1-r","labels":null},{"runner_id":"other"},3,"x"])");
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].scope == "repo:acme/app");
  CHECK(listed[1].scope.empty());
  CHECK(listed_job_runners("{}").empty());
  fleet_ledger ledger;
  ledger.adopt("gh-job-7-2-r", "repo:acme/app");
  CHECK(ledger.of("repo:acme/app") == 1);
  CHECK(ledger.runner_ended("gh-job-7-2-r"));
}

TEST_CASE("the shared queue's keys live under REDIS_KEY_PREFIX") {
  auto keys = webhook_keys("gw:");
  CHECK(keys.stream == "gw:wh:jobs");
  CHECK(keys.leader == "gw:wh:leader");
  CHECK(keys.seen(delivery_dedup_key("d")) == "gw:wh:seen:delivery:d");
  CHECK(keys.started(job_dedup_key(1, 2)) == "gw:wh:started:job:1:2");
  CHECK(webhook_redis_scripts().size() == 6);
  for (const auto* script : webhook_redis_scripts()) CHECK(script->sha1.size() == 40);
}
