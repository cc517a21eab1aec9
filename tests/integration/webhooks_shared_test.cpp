// GitHub's workflow_job webhooks with REDIS_URL (issue 22): replicas behind a load balancer share one
// Redis stream of accepted jobs. The same delivery to two replicas makes one runner; a replica killed with
// jobs pending leaves them to the other; Redis unreachable at receipt is 503 with nothing half-done; the
// caps count one fleet.
#include <catch2/catch.hpp>

#include <future>
#include <set>
#include <thread>

#include "harness.hpp"
#include "webhook_delivery.hpp"

using namespace harness;

namespace {
std::map<std::string, std::string> shared_env(const redis_server& redis,
                                              std::map<std::string, std::string> more = {}) {
  std::map<std::string, std::string> env{{"GITHUB_WEBHOOK_SECRET", test_webhook_secret},
                                         {"REDIS_URL", redis.url()}};
  for (auto& [k, v] : more) env[k] = v;
  return env;
}

bool wait_for_creates(simulator& sim, std::size_t n, std::chrono::milliseconds timeout = 15s) {
  return wait_until([&] { return creates(sim).size() >= n; }, timeout);
}

std::set<std::string> runner_names(simulator& sim) {
  std::set<std::string> names;
  for (const auto& body : creates(sim)) names.insert(json_string(body, "/runner_name"));
  return names;
}
}  // namespace

TEST_CASE("shared webhooks: one delivery sent to two replicas, at once and again, makes one runner") {
  redis_server redis;
  simulator sim;
  gateway a(sim.port(), shared_env(redis));
  gateway b(sim.port(), shared_env(redis));
  auto d = queued(7001);
  d.id = new_delivery_id();
  std::vector<std::future<int>> answers;
  for (int i = 0; i < 6; ++i)
    answers.push_back(
        std::async(std::launch::async, [&, i] { return deliver(i % 2 ? a.port() : b.port(), d).status; }));
  int accepted = 0, duplicates = 0;
  for (auto& f : answers) {
    auto status = f.get();
    accepted += status == 202;
    duplicates += status == 200;
  }
  CHECK(accepted == 1);
  CHECK(duplicates == 5);
  CHECK(deliver(a.port(), queued(7001)).status == 200);     // the same attempt, another delivery id
  CHECK(deliver(b.port(), queued(7001, 2)).status == 202);  // a re-run
  REQUIRE(wait_for_creates(sim, 2));
  std::this_thread::sleep_for(1500ms);
  CHECK(creates(sim).size() == 2);
  CHECK(runner_names(sim) == std::set<std::string>{"gh-job-7001-1-r", "gh-job-7001-2-r"});
  // Every job left the stream once created.
  CHECK(wait_until([&] { return redis.cli("XLEN gha-gateway:wh:jobs") == "0\n"; }, 5s));
}

TEST_CASE("shared webhooks: jobs pending on a replica that is killed are created by the other") {
  redis_server redis;
  simulator sim;
  auto a = std::make_unique<gateway>(sim.port(), shared_env(redis));
  // a holds the lease (it started first); then the orchestrator goes away and jobs pile up.
  REQUIRE(wait_until([&] { return redis.cli("GET gha-gateway:wh:leader") != "\n"; }, 5s));
  gateway b(sim.port(), shared_env(redis));
  sim.stop();
  REQUIRE(a->wait_for_orchestrator("unreachable"));
  for (int i = 0; i < 5; ++i) CHECK(deliver(i % 2 ? a->port() : b.port(), queued(7100 + i)).status == 202);
  std::this_thread::sleep_for(1500ms);
  a->proc().signal(SIGKILL);
  a->proc().wait_exit(5s);
  sim.restart();
  // b takes the lease once a's lapses, claims a's pending jobs and creates them, each once.
  REQUIRE(wait_for_creates(sim, 5, 30s));
  std::this_thread::sleep_for(1500ms);
  CHECK(creates(sim).size() == 5);
  CHECK(runner_names(sim).size() == 5);
  CHECK(b.proc().output().find("holds the dispatcher lease") != std::string::npos);
}

TEST_CASE("shared webhooks: Redis unreachable at receipt is 503 and nothing is queued") {
  redis_server redis;
  simulator sim;
  gateway gw(sim.port(), shared_env(redis));
  redis.kill();
  auto d = queued(7200);
  d.id = new_delivery_id();
  auto refused = deliver(gw.port(), d);
  CHECK(refused.status == 503);
  CHECK(refused.header("retry-after") == "30");
  redis.restart();
  // Once Redis is back, GitHub's redelivery of the same delivery is taken, and created once.
  CHECK(wait_until([&] { return deliver(gw.port(), d).status == 202; }, 10s));
  REQUIRE(wait_for_creates(sim, 1));
  std::this_thread::sleep_for(1s);
  CHECK(creates(sim).size() == 1);
}

TEST_CASE(
    "shared webhooks: the caps count one fleet across replicas; completed events on any replica free it") {
  redis_server redis;
  simulator sim({"--manners=real", "--create-ms-per-runner=20"});  // runner ids are the names asked for
  auto env = shared_env(redis, {{"WEBHOOK_MAX_RUNNERS", "2"}});
  gateway a(sim.port(), env);
  gateway b(sim.port(), env);
  for (int i = 0; i < 6; ++i) CHECK(deliver(i % 2 ? a.port() : b.port(), queued(7300 + i)).status == 202);
  REQUIRE(wait_for_creates(sim, 2));
  std::this_thread::sleep_for(2s);
  auto made = creates(sim);
  CHECK(made.size() == 2);
  job_fields done;
  done.action = "completed";
  done.job_id = 7300;
  done.runner_name = json_string(made.at(0), "/runner_name");
  CHECK(deliver(b.port(), {"workflow_job", {}, workflow_job_payload(done), false, test_webhook_secret})
            .status == 202);
  REQUIRE(wait_for_creates(sim, 3));
  std::this_thread::sleep_for(2s);
  CHECK(creates(sim).size() == 3);
}
