// GitHub's workflow_job webhooks (issue 22), against real processes: signed deliveries built as GitHub
// builds them become one create per job attempt, with the job's repository and labels; duplicates,
// foreign jobs and bad signatures create nothing; a frozen or absent orchestrator does not slow the answer
// nor lose the job; the caps hold under a burst; SIGTERM drains or logs.
#include <catch2/catch.hpp>

#include <future>
#include <set>
#include <thread>

#include "harness.hpp"
#include "webhook_delivery.hpp"

using namespace harness;

namespace {
std::map<std::string, std::string> webhook_env(std::map<std::string, std::string> more = {}) {
  std::map<std::string, std::string> env{{"GITHUB_WEBHOOK_SECRET", test_webhook_secret}};
  for (auto& [k, v] : more) env[k] = v;
  return env;
}

delivery event(const std::string& action, std::uint64_t job_id, const std::string& runner_name) {
  job_fields job;
  job.action = action;
  job.job_id = job_id;
  job.runner_name = runner_name;
  return {"workflow_job", {}, workflow_job_payload(job), false, test_webhook_secret};
}

bool wait_for_creates(simulator& sim, std::size_t n, std::chrono::milliseconds timeout = 10s) {
  return wait_until([&] { return creates(sim).size() >= n; }, timeout);
}

double deliveries(gateway& gw, const std::string& event, const std::string& action,
                  const std::string& outcome) {
  auto samples = scrape(gw);
  auto it = samples.find("gha_gateway_webhook_deliveries_total{event=\"" + event + "\",action=\"" + action +
                         "\",outcome=\"" + outcome + "\"}");
  return it == samples.end() ? 0 : it->second;
}
}  // namespace

TEST_CASE("webhooks: a signed queued job becomes one runner of its repository with its labels") {
  simulator sim;
  gateway gw(sim.port(), webhook_env());
  auto d = queued(29679449);
  REQUIRE(d.body.size() > 9000);
  auto answer = deliver(gw.port(), d);
  REQUIRE(answer.status == 202);
  CHECK(json_string(answer.body, "/status") == "success");
  CHECK(json_string(answer.body, "/data/runner_name") == "gh-job-29679449-1-r");
  CHECK(json_int(answer.body, "/data/job_id") == 29679449);
  REQUIRE(wait_for_creates(sim, 1));
  auto body = creates(sim).at(0);
  CHECK(json_string(body, "/scope") == "repo");
  CHECK(json_string(body, "/scope_name") == "acme/app");
  CHECK(json_string(body, "/runner_name") == "gh-job-29679449-1-r");
  CHECK(json_string(body, "/labels/0") == "self-hosted");
  CHECK(json_size(body, "/labels") == 3);
  CHECK(json_int(body, "/count") == 1);
  CHECK_FALSE(json_is(body, "/enable_dind", "bool"));
  CHECK(wait_until([&] { return deliveries(gw, "workflow_job", "queued", "created") == 1; }, 5s));
  CHECK(
      wait_until([&] { return scrape(gw)["gha_gateway_webhook_jobs_total{result=\"created\"}"] == 1; }, 5s));
  // The form body GitHub's UI defaults to, signed over its raw bytes.
  auto form = queued(29679450);
  form.form = true;
  CHECK(deliver(gw.port(), form).status == 202);
  REQUIRE(wait_for_creates(sim, 2));
  CHECK(json_string(creates(sim).at(1), "/runner_name") == "gh-job-29679450-1-r");
  auto log = gw.proc().output();
  CHECK(log.find("webhook delivery " + d.id) != std::string::npos);
  CHECK(log.find("AUDIT create") != std::string::npos);
}

TEST_CASE(
    "webhooks: a redelivery, a second delivery of the same attempt and a concurrent burst make one runner") {
  simulator sim;
  gateway gw(sim.port(), webhook_env());
  auto d = queued(501);
  REQUIRE(deliver(gw.port(), d).status == 202);
  auto again = deliver(gw.port(), d);  // GitHub's redelivery: the same X-GitHub-Delivery
  CHECK(again.status == 200);
  CHECK(json_string(again.body, "/message") ==
        "Entrega o intento de job ya recibido: no se crea otro runner");
  auto same_attempt = queued(501);  // another delivery id, the same job and attempt
  CHECK(deliver(gw.port(), same_attempt).status == 200);
  // Eight copies of one new delivery at once.
  auto burst = queued(502);
  burst.id = new_delivery_id();
  std::vector<std::future<int>> answers;
  for (int i = 0; i < 8; ++i)
    answers.push_back(std::async(std::launch::async, [&] { return deliver(gw.port(), burst).status; }));
  int accepted = 0, duplicates = 0;
  for (auto& a : answers) {
    auto status = a.get();
    accepted += status == 202;
    duplicates += status == 200;
  }
  CHECK(accepted == 1);
  CHECK(duplicates == 7);
  // A re-run of the job is a new attempt: a second runner.
  CHECK(deliver(gw.port(), queued(501, 2)).status == 202);
  REQUIRE(wait_for_creates(sim, 3));
  std::this_thread::sleep_for(500ms);
  auto bodies = creates(sim);
  REQUIRE(bodies.size() == 3);
  std::set<std::string> names;
  for (const auto& b : bodies) names.insert(json_string(b, "/runner_name"));
  CHECK(names == std::set<std::string>{"gh-job-501-1-r", "gh-job-502-1-r", "gh-job-501-2-r"});
  CHECK(deliveries(gw, "workflow_job", "queued", "duplicate") == 9);
}

TEST_CASE("webhooks: missing, malformed, wrong and SHA-1-only signatures are 401 and forward nothing") {
  simulator sim;
  gateway gw(sim.port(), webhook_env({{"AUTH_FAILURE_BURST", "5"}, {"AUTH_FAILURE_RPS", "0.001"}}));
  auto unsigned_delivery = queued(1);
  unsigned_delivery.secret.clear();
  auto missing = deliver(gw.port(), unsigned_delivery);
  CHECK(missing.status == 401);
  CHECK(json_string(missing.body, "/message").find("X-Hub-Signature-256") != std::string::npos);
  auto sha1 = queued(2);
  sha1.sha1_only = true;
  CHECK(deliver(gw.port(), sha1).status == 401);
  auto wrong = queued(3);
  wrong.secret = "not the secret at all";
  CHECK(json_string(deliver(gw.port(), wrong).body, "/message") ==
        "Firma del webhook incorrecta: no corresponde a ningún secreto configurado");
  // Signed, then one byte changed on the way.
  auto tampered_body = queued(4).body;
  auto signature = hub_signature(test_webhook_secret, tampered_body);
  tampered_body.replace(tampered_body.find("acme/app"), 8, "evil/app");
  auto tampered = request(gw.port(), "POST", "/webhooks/github", tampered_body,
                          {{"X-GitHub-Event", "workflow_job"},
                           {"X-GitHub-Delivery", new_delivery_id()},
                           {"X-Hub-Signature-256", signature},
                           {"Content-Type", "application/json"}});
  CHECK(tampered.status == 401);
  auto malformed = request(gw.port(), "POST", "/webhooks/github", "{}",
                           {{"X-GitHub-Event", "ping"}, {"X-Hub-Signature-256", "sha256=zz"}});
  CHECK(malformed.status == 401);
  // The address's failure budget is spent: a wrong signature gets 429 now; a right one still passes.
  CHECK(deliver(gw.port(), wrong).status == 429);
  CHECK(deliver(gw.port(), queued(5)).status == 202);
  REQUIRE(wait_for_creates(sim, 1));
  std::this_thread::sleep_for(300ms);
  CHECK(creates(sim).size() == 1);
  CHECK(deliveries(gw, "workflow_job", "-", "bad_signature") == 5);
  CHECK(deliveries(gw, "ping", "-", "bad_signature") == 1);
}

TEST_CASE("webhooks: the route exists only with a secret; oversized, malformed and foreign deliveries") {
  simulator sim;
  {
    gateway plain(sim.port());
    CHECK(deliver(plain.port(), queued(1)).status == 404);
  }
  gateway gw(sim.port(), webhook_env({{"WEBHOOK_MAX_BODY_BYTES", "8192"}, {"MAX_BODY_BYTES", "1024"}}));
  CHECK(request(gw.port(), "GET", "/webhooks/github").status == 405);
  auto big = queued(1);  // ~10 KB
  CHECK(deliver(gw.port(), big).status == 413);
  auto ping = deliver(
      gw.port(),
      {"ping", {}, R"({"zen":"Keep it logically awesome.","hook_id":1})", false, test_webhook_secret});
  CHECK(ping.status == 200);
  CHECK(deliver(gw.port(), {"push", {}, R"({"ref":"refs/heads/main"})", false, test_webhook_secret}).status ==
        202);
  CHECK(deliver(gw.port(), {"workflow_job", {}, "{not json", false, test_webhook_secret}).status == 400);
  CHECK(
      deliver(
          gw.port(),
          {"workflow_job", {}, R"({"action":"queued","workflow_job":{"id":7}})", false, test_webhook_secret})
          .status == 400);
  std::string small_job =
      R"({"action":"queued","workflow_job":{"id":8,"run_attempt":1,"labels":["ubuntu-latest"]},)"
      R"("repository":{"full_name":"acme/app"}})";
  auto foreign = deliver(gw.port(), {"workflow_job", {}, small_job, false, test_webhook_secret});
  CHECK(foreign.status == 202);
  CHECK(json_string(foreign.body, "/message").find("WEBHOOK_RUNNER_LABELS") != std::string::npos);
  std::string waiting = small_job;
  waiting.replace(waiting.find("queued"), 6, "waiting");
  waiting.replace(waiting.find("ubuntu-latest"), 13, "self-hosted");
  CHECK(deliver(gw.port(), {"workflow_job", {}, waiting, false, test_webhook_secret}).status == 202);
  std::this_thread::sleep_for(300ms);
  CHECK(creates(sim).empty());
  CHECK(gw.get("/healthz").status == 200);
}

TEST_CASE("webhooks: a secret's grants bound the repositories it may create for") {
  simulator sim;
  temp_dir dir;
  replace_file(dir.file("secrets"), "whsec-acme-0123456789 name=acme-hook repo:acme/*\n");
  gateway gw(sim.port(), {{"GITHUB_WEBHOOK_SECRETS_FILE", dir.file("secrets")}});
  auto d = queued(10, 1, "other/app");
  d.secret = "whsec-acme-0123456789";
  auto refused = deliver(gw.port(), d);
  CHECK(refused.status == 403);
  CHECK(json_string(refused.body, "/message") ==
        "El secreto del webhook no tiene permiso sobre repo:other/app");
  auto ok = queued(11, 1, "acme/app");
  ok.secret = "whsec-acme-0123456789";
  CHECK(deliver(gw.port(), ok).status == 202);
  REQUIRE(wait_for_creates(sim, 1));
  CHECK(json_string(creates(sim).at(0), "/scope_name") == "acme/app");
  CHECK(wait_until([&] { return gw.proc().output().find("key=acme-hook") != std::string::npos; }, 5s));
  // A file that does not parse keeps the secrets in force.
  replace_file(dir.file("secrets"), "short\n");
  CHECK(
      wait_until([&] { return scrape(gw)["gha_gateway_config_loads_total{result=\"failure\"}"] >= 1; }, 5s));
  auto still = queued(12, 1, "acme/app");
  still.secret = "whsec-acme-0123456789";
  CHECK(deliver(gw.port(), still).status == 202);
  // Rotation: a new file with two secrets, the old and the new, both in force.
  replace_file(dir.file("secrets"), "whsec-acme-0123456789 repo:acme/*\nwhsec-next-0123456789 repo:acme/*\n");
  auto rotated = queued(13, 1, "acme/app");
  rotated.secret = "whsec-next-0123456789";
  CHECK(wait_until([&] { return deliver(gw.port(), rotated).status == 202; }, 5s));
}

TEST_CASE("webhooks: a frozen orchestrator gets the job later; the answer never waits for it") {
  simulator sim({"--manners=real", "--create-ms-per-runner=5000"});
  gateway gw(sim.port(), webhook_env());
  CHECK(deliver(gw.port(), queued(70)).status == 202);
  CHECK(deliver(gw.port(), queued(71)).status == 202);
  CHECK(deliver(gw.port(), queued(72)).status == 202);
  // The three answers came while the orchestrator was still frozen in the first create (no figure of time).
  CHECK(scrape(gw)["gha_gateway_webhook_jobs_total{result=\"created\"}"] == 0);
  REQUIRE(wait_for_creates(sim, 3, 30s));
  CHECK(
      wait_until([&] { return scrape(gw)["gha_gateway_webhook_jobs_total{result=\"created\"}"] == 3; }, 15s));
}

TEST_CASE("webhooks: with the orchestrator down the job waits, and is created when it returns") {
  simulator sim;
  gateway gw(sim.port(), webhook_env());
  sim.stop();
  REQUIRE(gw.wait_for_orchestrator("unreachable"));
  CHECK(deliver(gw.port(), queued(80)).status == 202);
  CHECK(wait_until([&] { return scrape(gw)["gha_gateway_webhook_jobs_pending"] == 1; }, 3s));
  std::this_thread::sleep_for(2s);
  sim.restart();
  REQUIRE(wait_for_creates(sim, 1, 15s));
  CHECK(json_string(creates(sim).at(0), "/runner_name") == "gh-job-80-1-r");
  CHECK(wait_until([&] { return scrape(gw)["gha_gateway_webhook_jobs_pending"] == 0; }, 5s));
}

TEST_CASE("webhooks: a job that cannot be created within WEBHOOK_JOB_TTL_SECONDS is dropped and logged") {
  simulator sim;
  gateway gw(sim.port(), webhook_env({{"WEBHOOK_JOB_TTL_SECONDS", "2"}}));
  sim.stop();
  auto d = queued(90);
  d.id = new_delivery_id();
  CHECK(deliver(gw.port(), d).status == 202);
  CHECK(
      wait_until([&] { return scrape(gw)["gha_gateway_webhook_jobs_total{result=\"dropped\"}"] == 1; }, 8s));
  CHECK(gw.proc().output().find("delivery " + d.id + ", repo:acme/app) dropped") != std::string::npos);
  // Its keys are forgotten: GitHub's redelivery of it is taken again.
  sim.restart();
  CHECK(deliver(gw.port(), d).status == 202);
  CHECK(wait_for_creates(sim, 1));
}

TEST_CASE("webhooks: the caps hold under a burst of 50 queued jobs; completed events let the rest go") {
  // The real orchestrator's manners: a runner's id is the name asked for, which GitHub's events carry.
  simulator sim({"--manners=real", "--create-ms-per-runner=20"});
  gateway gw(sim.port(), webhook_env({{"WEBHOOK_MAX_RUNNERS", "3"}, {"WEBHOOK_MAX_RUNNERS_PER_SCOPE", "2"}}));
  std::vector<std::future<int>> answers;
  for (int i = 0; i < 50; ++i)
    answers.push_back(std::async(std::launch::async, [&, i] {
      return deliver(gw.port(), queued(1000 + i, 1, i % 2 ? "acme/one" : "acme/two")).status;
    }));
  for (auto& a : answers) CHECK(a.get() == 202);
  REQUIRE(wait_for_creates(sim, 3));
  std::this_thread::sleep_for(1500ms);
  auto made = creates(sim);
  CHECK(made.size() == 3);  // the fleet's cap
  std::map<std::string, int> per_scope;
  for (const auto& b : made) ++per_scope[json_string(b, "/scope_name")];
  for (auto& [scope, n] : per_scope) CHECK(n <= 2);
  CHECK(scrape(gw)["gha_gateway_webhook_runners_counted"] == 3);
  // One of the runners finishes its job: exactly one more runner may start.
  auto first_runner = json_string(made.at(0), "/runner_name");
  CHECK(deliver(gw.port(), event("completed", 1, first_runner)).status == 202);
  REQUIRE(wait_for_creates(sim, 4));
  std::this_thread::sleep_for(1s);
  CHECK(creates(sim).size() == 4);
  CHECK(scrape(gw)["gha_gateway_webhook_jobs_pending"] == 46);
}

TEST_CASE("webhooks: SIGTERM with jobs queued and no orchestrator logs each job with its delivery id") {
  simulator sim;
  gateway gw(sim.port(), webhook_env({{"SHUTDOWN_GRACE_SECONDS", "1"}}));
  sim.stop();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto d = queued(300 + i);
    d.id = new_delivery_id();
    ids.push_back(d.id);
    CHECK(deliver(gw.port(), d).status == 202);
  }
  gw.proc().signal(SIGTERM);
  REQUIRE(gw.proc().wait_exit(10s).value_or(-1) == 0);
  auto log = gw.proc().output();
  for (const auto& id : ids) CHECK(log.find("(delivery " + id) != std::string::npos);
  CHECK(log.find("the gateway stopped before its create") != std::string::npos);
}

TEST_CASE("webhooks: SIGTERM drains the queue within the grace period when the orchestrator answers") {
  simulator sim({"--manners=real", "--create-ms-per-runner=300"});
  gateway gw(sim.port(), webhook_env({{"SHUTDOWN_GRACE_SECONDS", "5"}}));
  for (int i = 0; i < 4; ++i) CHECK(deliver(gw.port(), queued(400 + i)).status == 202);
  gw.proc().signal(SIGTERM);
  REQUIRE(gw.proc().wait_exit(15s).value_or(-1) == 0);
  CHECK(creates(sim).size() == 4);
  CHECK(gw.proc().output().find("dropped") == std::string::npos);
}
