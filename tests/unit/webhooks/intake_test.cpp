#include <catch2/catch.hpp>

#include "core/webhooks/delivery_intake.hpp"
#include "core/webhooks/job_intake.hpp"
#include "core/webhooks/workflow_job.hpp"

using namespace gw;

namespace {
std::string queued_job(
    const std::string& labels = R"(["self-hosted","linux","x64"])",
    const std::string& extra_repository = R"("owner":{"login":"acme","type":"Organization"})") {
  return R"({"action":"queued","workflow_job":{"id":29679449,"run_id":10567541,"run_attempt":2,"status":"queued",
    "labels":)" +
         labels + R"(,"created_at":"2024-02-04T23:54:00Z","started_at":"2024-02-04T23:54:30Z",
    "runner_name":null},"repository":{"id":1,"name":"app","full_name":"acme/app",)" +
         extra_repository + R"(},"organization":{"login":"acme"},"sender":{"login":"octocat"}})";
}

std::string form_of(const std::string& json) {
  std::string out = "payload=";
  for (unsigned char c : json) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}
}  // namespace

TEST_CASE("a workflow_job payload's fields") {
  auto parsed = parse_workflow_job(queued_job());
  REQUIRE(parsed.event);
  const auto& job = *parsed.event;
  CHECK(job.action == "queued");
  CHECK(job.job_id == 29679449);
  CHECK(job.run_id == 10567541);
  CHECK(job.run_attempt == 2);
  CHECK(job.labels == std::vector<std::string>{"self-hosted", "linux", "x64"});
  CHECK(job.repository == "acme/app");
  CHECK(job.organization == "acme");
  CHECK(job.runner_name.empty());
  CHECK(job.started_at.value() - job.created_at.value() == Approx(30));
}

TEST_CASE("a payload without what a runner needs is refused") {
  CHECK_FALSE(parse_workflow_job("not json").event);
  CHECK_FALSE(parse_workflow_job("[]").event);
  CHECK_FALSE(parse_workflow_job(R"({"action":"queued"})").event);
  CHECK_FALSE(parse_workflow_job(R"({"action":"queued","workflow_job":{"id":"1","labels":[]},
    "repository":{"full_name":"a/b"}})")
                  .event);
  CHECK_FALSE(parse_workflow_job(R"({"action":"queued","workflow_job":{"id":1,"labels":[1]},
    "repository":{"full_name":"a/b"}})")
                  .event);
  CHECK_FALSE(parse_workflow_job(R"({"action":"queued","workflow_job":{"id":1,"labels":["x"]}})").event);
  CHECK_FALSE(parse_workflow_job(R"({"action":"queued","workflow_job":{"id":1,"run_attempt":0,"labels":["x"]},
    "repository":{"full_name":"a/b"}})")
                  .event);
  CHECK(parse_workflow_job(R"({"action":"queued","workflow_job":{"id":1,"labels":["x"]},
    "repository":{"full_name":"a/b"}})")
            .event->run_attempt == 1);
}

TEST_CASE("both bodies GitHub sends give the same JSON") {
  auto json = queued_job();
  CHECK(webhook_payload_text("application/json", json).value() == json);
  CHECK(webhook_payload_text("application/json; charset=utf-8", json).value() == json);
  CHECK(webhook_payload_text("application/x-www-form-urlencoded", form_of(json)).value() == json);
  CHECK(webhook_payload_text("Application/X-WWW-Form-Urlencoded; charset=utf-8",
                             "a=1&" + form_of(json) + "&b=2")
            .value() == json);
  CHECK_FALSE(webhook_payload_text("application/x-www-form-urlencoded", "other=1"));
  CHECK_FALSE(webhook_payload_text("application/x-www-form-urlencoded", form_of(json) + "&" + form_of(json)));
  CHECK_FALSE(webhook_payload_text("application/x-www-form-urlencoded", "payload=%zz"));
  CHECK_FALSE(webhook_payload_text("text/plain", json));
  CHECK_FALSE(webhook_payload_text("", json));
}

TEST_CASE("a job is ours when every runs-on label is in the set, in any case") {
  auto ours = parse_runner_label_set(" Self-Hosted, linux ,x64,,gpu");
  CHECK(ours == std::vector<std::string>{"self-hosted", "linux", "x64", "gpu"});
  CHECK(job_labels_match({"self-hosted", "linux", "x64"}, ours));
  CHECK(job_labels_match({"SELF-HOSTED", "Linux"}, ours));
  CHECK(job_labels_match({"gpu"}, ours));
  CHECK_FALSE(job_labels_match({"self-hosted", "windows"}, ours));
  CHECK_FALSE(job_labels_match({"ubuntu-latest"}, ours));
  CHECK_FALSE(job_labels_match({}, ours));
}

TEST_CASE("one runner per job attempt: its name, its keys") {
  CHECK(runner_name_for(42, 1) == "gh-job-42-1-r");
  // No job's runner name contains another's (the orchestrator's destroy matches by substring).
  CHECK(runner_name_for(42, 12).find(runner_name_for(42, 1)) == std::string::npos);
  CHECK(runner_name_for(142, 1).find(runner_name_for(42, 1)) == std::string::npos);
  CHECK(delivery_dedup_key("72d3162e-cc78-11e3-81ab-4c9367dc0958") ==
        "delivery:72d3162e-cc78-11e3-81ab-4c9367dc0958");
  CHECK(job_dedup_key(42, 2) != job_dedup_key(42, 1));
  CHECK(is_delivery_id("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
  CHECK_FALSE(is_delivery_id(""));
  CHECK_FALSE(is_delivery_id("a b"));
  CHECK_FALSE(is_delivery_id(std::string(65, 'a')));
}

TEST_CASE("the create body of a job's runner") {
  auto job = parse_workflow_job(queued_job()).event.value();
  CHECK(create_body_for(target_for(job, webhook_scope::repo).value(), job) ==
        R"({"scope":"repo","scope_name":"acme/app","runner_name":"gh-job-29679449-2-r",)"
        R"("labels":["self-hosted","linux","x64"],"count":1})");
  CHECK(target_for(job, webhook_scope::org)->scope_name == "acme");
  job.organization.clear();
  CHECK_FALSE(target_for(job, webhook_scope::org));
}

TEST_CASE("what each delivery comes to") {
  webhook_settings settings;
  grant_set everything;
  auto decide = [&](std::string_view event, const std::string& body, const grant_set& grants) {
    return decide_delivery({event, "d-1", "application/json", body}, settings, grants);
  };
  auto ping = decide("ping", "{}", everything);
  CHECK(ping.reply->status == 200);
  CHECK(decide("push", "{}", everything).reply->status == 202);
  CHECK(decide("push", "{}", everything).event_label == "other");
  CHECK(decide("", "{}", everything).reply->status == 400);
  CHECK(decide("workflow_job", "{", everything).reply->status == 400);
  CHECK(decide_delivery({"workflow_job", "", "application/json", queued_job()}, settings, everything)
            .reply->status == 400);

  auto queued = decide("workflow_job", queued_job(), everything);
  CHECK_FALSE(queued.reply);
  CHECK(queued.target->scope_name == "acme/app");
  CHECK(queued.action_label == "queued");

  auto foreign = decide("workflow_job", queued_job(R"(["ubuntu-latest"])"), everything);
  CHECK(foreign.reply->status == 202);
  CHECK(foreign.outcome == "ignored");

  std::string completed = queued_job();
  completed.replace(completed.find("queued"), 6, "completed");
  auto done = decide("workflow_job", completed, everything);
  CHECK(done.reply->status == 202);
  CHECK(done.job_update);
  std::string waiting = queued_job();
  waiting.replace(waiting.find("queued"), 6, "waiting");
  CHECK(decide("workflow_job", waiting, everything).reply->status == 202);
  CHECK_FALSE(decide("workflow_job", waiting, everything).job_update);

  grant_set elsewhere({*parse_grant("repo:other/*")});
  auto refused = decide("workflow_job", queued_job(), elsewhere);
  CHECK(refused.reply->status == 403);
  CHECK(refused.outcome == "refused");
  CHECK_FALSE(decide("workflow_job", queued_job(), grant_set({*parse_grant("repo:ACME/*")})).reply);
}

TEST_CASE("GitHub's timestamps") {
  CHECK(parse_github_time("1970-01-01T00:00:00Z").value() == 0);
  CHECK(parse_github_time("2024-02-04T23:54:00Z").value() == 1707090840);
  CHECK(parse_github_time("2024-02-05T01:54:00+02:00").value() == 1707090840);
  CHECK(parse_github_time("2024-02-04T23:54:00.5Z").value() == Approx(1707090840.5));
  CHECK_FALSE(parse_github_time(""));
  CHECK_FALSE(parse_github_time("2024-02-04 23:54:00"));
  CHECK_FALSE(parse_github_time("2024-13-04T23:54:00Z"));
}
