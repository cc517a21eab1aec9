// The webhook dispatcher on CAF's test coordinator (no Redis: jobs in process): backoff after a create that
// never reached the orchestrator, the job's TTL, jobs waiting on the caps until a completed event, and the
// runners a new dispatcher finds listed counting at once.
#include <catch2/catch.hpp>

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include "actor_harness.hpp"
#include "actors/webhook_dispatcher.hpp"
#include "core/webhooks/job_intake.hpp"
#include "core/webhooks/job_record.hpp"
#include "core/webhooks/webhook_redis.hpp"
#include "http/redis_script_runner.hpp"

using namespace gw;
using namespace gw::test;
using namespace std::chrono_literals;

namespace {
webhook_job job_for(std::uint64_t id, std::string repository = "acme/app") {
  webhook_job job;
  job.delivery_id = "delivery-" + std::to_string(id);
  job.job_id = id;
  job.scope = "repo";
  job.scope_name = repository;
  job.create_body = R"({"scope":"repo","scope_name":")" + repository + R"(","runner_name":")" +
                    runner_name_for(id, 1) + R"(","labels":["self-hosted"],"count":1})";
  job.signer = "test";
  job.request_id = "req-" + std::to_string(id);
  job.trace_id = std::string(32, 'a');
  return job;
}

// One attempt per call (no proxy retries: the dispatcher's own backoff is what is tested), no monitor.
webhook_dispatcher_settings settings_for(webhook_settings webhooks, scripted_transport& transport) {
  webhook_dispatcher_settings settings;
  settings.webhooks = std::move(webhooks);
  settings.webhooks.secrets = {"the-webhook-secret-01"};
  settings.proxy = proxy_settings{{1, 0.0}, &transport};
  return settings;
}

struct dispatcher_fixture : fixture {
  scripted_transport transport;
  webhook_dispatcher_actor dispatcher;

  explicit dispatcher_fixture(webhook_settings webhooks) {
    auto settings = settings_for(webhooks, transport);
    dispatcher = sys.spawn(webhook_dispatcher, settings);
    sched.run();
    // Its first act: the list of runners already there (none).
    REQUIRE(transport.open() == 1);
    CHECK(transport.attempts.back().call.target == "/runners");
    transport.answer({upstream_failure::none, 200, "[]"});
    sched.run();
  }
  ~dispatcher_fixture() {
    caf::anon_send_exit(dispatcher, caf::exit_reason::user_shutdown);
    sched.run();
  }

  // Sends a job as a request actor does; the admission it is answered with.
  std::shared_ptr<std::optional<webhook_admission::verdict>> submit(webhook_job job) {
    auto got = std::make_shared<std::optional<webhook_admission::verdict>>();
    sys.spawn(
        [=](caf::event_based_actor* self, webhook_dispatcher_actor to) -> caf::behavior {
          self->send(to, job);
          return {[=](webhook_admission& a) {
            *got = a.outcome;
            self->quit();
          }};
        },
        dispatcher);
    sched.run();
    return got;
  }

  std::size_t creates_sent() const {
    std::size_t n = 0;
    for (const auto& a : transport.attempts) n += a.call.target == "/runners/create";
    return n;
  }
  // The oldest open create answered as the real orchestrator does: its runner's id is the name asked for.
  void created() {
    const auto& body = transport.attempts.at(transport.answered).call.body;
    auto at = body.find("\"runner_name\":\"") + 15;
    auto name = body.substr(at, body.find('"', at) - at);
    transport.answer({upstream_failure::none, 200,
                      R"([{"runner_id":")" + name + R"(","status":"creating","message":"ok"}])"});
    sched.run();
  }
};
}  // namespace

TEST_CASE("webhook dispatcher: a create never sent is tried again after 1 s, then 2 s; a duplicate is told") {
  dispatcher_fixture f(webhook_settings{});
  auto first = f.submit(job_for(1));
  REQUIRE(first->has_value());
  CHECK(**first == webhook_admission::verdict::accepted);
  REQUIRE(f.creates_sent() == 1);
  CHECK(f.transport.attempts.back().call.request_id == "req-1");
  CHECK(**f.submit(job_for(1)) == webhook_admission::verdict::duplicate);
  f.transport.answer({upstream_failure::not_sent, 0, {}});
  f.sched.run();
  f.sched.advance_time(999ms);
  f.sched.run();
  CHECK(f.creates_sent() == 1);
  f.sched.advance_time(1ms);
  f.sched.run();
  REQUIRE(f.creates_sent() == 2);
  f.transport.answer({upstream_failure::not_sent, 0, {}});
  f.sched.run();
  f.sched.advance_time(1999ms);
  f.sched.run();
  CHECK(f.creates_sent() == 2);
  f.sched.advance_time(1ms);
  f.sched.run();
  REQUIRE(f.creates_sent() == 3);
  f.created();
  f.sched.advance_time(10s);
  f.sched.run();
  CHECK(f.creates_sent() == 3);  // created: never sent again
}

TEST_CASE("webhook dispatcher: a job not created within its TTL is dropped, and its keys forgotten") {
  webhook_settings settings;
  settings.job_ttl_seconds = 3;
  dispatcher_fixture f(settings);
  CHECK(**f.submit(job_for(2)) == webhook_admission::verdict::accepted);
  for (int i = 0; i < 3 && f.transport.open() > 0; ++i) {
    f.transport.answer({upstream_failure::not_sent, 0, {}});
    f.sched.run();
    f.sched.advance_time(2s);
    f.sched.run();
  }
  f.sched.advance_time(2s);
  f.sched.run();
  auto sent = f.creates_sent();
  f.sched.advance_time(10s);
  f.sched.run();
  CHECK(f.creates_sent() == sent);  // nothing more: it was dropped
  // Its keys went with it: the same delivery is accepted again.
  CHECK(**f.submit(job_for(2)) == webhook_admission::verdict::accepted);
}

TEST_CASE("webhook dispatcher: jobs past the caps wait in order until a runner of theirs completes") {
  webhook_settings settings;
  settings.caps = {0, 1};  // one runner per repository
  dispatcher_fixture f(settings);
  CHECK(**f.submit(job_for(10, "acme/a")) == webhook_admission::verdict::accepted);
  CHECK(**f.submit(job_for(11, "acme/a")) == webhook_admission::verdict::accepted);
  CHECK(**f.submit(job_for(12, "acme/b")) == webhook_admission::verdict::accepted);
  REQUIRE(f.creates_sent() == 1);
  f.created();  // job 10's runner
  REQUIRE(f.creates_sent() == 2);
  CHECK(f.transport.attempts.back().call.body.find("gh-job-12-1-r") != std::string::npos);  // b's goes first
  f.created();
  f.sched.advance_time(5s);
  f.sched.run();
  CHECK(f.creates_sent() == 2);  // job 11 waits for a's runner
  caf::anon_send(f.dispatcher, webhook_job_update{"completed", 10, 1, runner_name_for(10, 1), {}, {}});
  f.sched.run();
  REQUIRE(f.creates_sent() == 3);
  CHECK(f.transport.attempts.back().call.body.find("gh-job-11-1-r") != std::string::npos);
  f.created();
}

TEST_CASE("webhook dispatcher: a job whose job completed while it waited is not created") {
  webhook_settings settings;
  settings.caps = {1, 0};
  dispatcher_fixture f(settings);
  CHECK(**f.submit(job_for(20)) == webhook_admission::verdict::accepted);
  CHECK(**f.submit(job_for(21)) == webhook_admission::verdict::accepted);
  REQUIRE(f.creates_sent() == 1);
  caf::anon_send(f.dispatcher, webhook_job_update{"completed", 21, 1, "someone-elses-runner", {}, {}});
  f.sched.run();
  f.created();
  f.sched.advance_time(5s);
  f.sched.run();
  CHECK(f.creates_sent() == 1);
}

TEST_CASE("webhook dispatcher: the job runners listed at start count against the caps") {
  webhook_settings settings;
  settings.caps = {1, 0};
  fixture f;
  scripted_transport transport;
  auto dispatcher = f.sys.spawn(webhook_dispatcher, settings_for(settings, transport));
  f.sched.run();
  REQUIRE(transport.open() == 1);
  transport.answer(
      {upstream_failure::none, 200,
       R"([{"runner_id":"gh-job-5-1-r","status":"running","labels":{"scope":"repo","scope_name":"acme/app"}},)"
       R"({"runner_id":"not-a-job-runner","status":"running"}])"});
  f.sched.run();
  auto got = std::make_shared<bool>(false);
  f.sys.spawn(
      [=](caf::event_based_actor* self, webhook_dispatcher_actor to) -> caf::behavior {
        self->send(to, job_for(30));
        return {[=](webhook_admission&) {
          *got = true;
          self->quit();
        }};
      },
      dispatcher);
  f.sched.run();
  CHECK(*got);
  CHECK(transport.open() == 0);  // capped by the runner already there
  caf::anon_send(dispatcher, webhook_job_update{"completed", 5, 1, "gh-job-5-1-r", {}, {}});
  f.sched.run();
  CHECK(transport.open() == 1);
  transport.answer({upstream_failure::none, 200, "[]"});
  f.sched.run();
  caf::anon_send_exit(dispatcher, caf::exit_reason::user_shutdown);
  f.sched.run();
}

namespace {
std::string entry(const std::string& id, const webhook_job& job) {
  auto text = job_record_text(job);
  return id + " j " + std::to_string(text.size()) + "\n" + text;
}
}  // namespace

TEST_CASE(
    "webhook dispatcher, shared: a new leader claims pending jobs, never re-sends one a dead leader began") {
  fixture f;
  scripted_transport transport;
  auto redis = std::make_shared<scripted_redis>();
  auto settings = settings_for(webhook_settings{}, transport);
  shared_queue_settings shared;
  shared.connection = redis;
  shared.keys = webhook_keys("gw:");
  shared.me = "replica-b";
  settings.shared = shared;
  auto dispatcher = f.sys.spawn(webhook_dispatcher, settings);
  f.sched.run();
  // It asks for the lease, and gets it: the previous holder is gone.
  auto lead = redis->answer(webhook_lead_script(), "N");
  CHECK(lead.keys == std::vector<std::string>{"gw:wh:leader"});
  CHECK(lead.args[0] == "replica-b");
  f.sched.run();
  // Its first fetch claims every pending entry at once (idle 0); it lists the runners to count them.
  REQUIRE(redis->waiting(webhook_fetch_script()) == 1);
  REQUIRE(transport.open() == 1);
  transport.answer({upstream_failure::none, 200, "[]"});
  f.sched.run();
  auto old_job = job_for(40), new_job = job_for(41);
  old_job.received_unix_ms = new_job.received_unix_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  auto fetch = redis->answer(webhook_fetch_script(), "E" + entry("1-0", old_job) + entry("2-0", new_job));
  CHECK(fetch.args[4] == "0");
  f.sched.run();
  // The first job's create was begun by the dead leader: the started mark says so, and nothing is sent.
  auto start = redis->answer(webhook_start_script(), "S");
  CHECK(start.keys[1] == "gw:wh:started:job:40:1");
  f.sched.run();
  CHECK(transport.open() == 0);
  auto finish_old = redis->answer(webhook_finish_script(), "K");
  CHECK(finish_old.args[1] == "1-0");
  CHECK(finish_old.args[2] == "done");
  // The second goes: marked started, then sent, then removed from the stream.
  redis->answer(webhook_start_script(), "G");
  f.sched.run();
  REQUIRE(transport.open() == 1);
  CHECK(transport.attempts.back().call.body.find("gh-job-41-1-r") != std::string::npos);
  transport.answer({upstream_failure::none, 200, R"([{"runner_id":"gh-job-41-1-r","status":"creating"}])"});
  f.sched.run();
  auto finish_new = redis->answer(webhook_finish_script(), "K");
  CHECK(finish_new.args[1] == "2-0");
  CHECK(finish_new.args[2] == "done");
  // Each second after: the lease renewed by a fetch of new entries (idle: the takeover time).
  f.sched.advance_time(1s);
  f.sched.run();
  auto next = redis->answer(webhook_fetch_script(), "F");  // another replica holds the lease now
  CHECK(next.args[4] == "15000");
  f.sched.run();
  f.sched.advance_time(1s);
  f.sched.run();
  CHECK(redis->waiting(webhook_lead_script()) == 1);  // a follower asks for the lease again
  caf::anon_send_exit(dispatcher, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("webhook dispatcher: a full queue refuses; a runner no longer listed stops counting") {
  webhook_settings settings;
  settings.queue_max = 2;
  settings.caps = {1, 0};
  dispatcher_fixture f(settings);
  CHECK(**f.submit(job_for(50)) == webhook_admission::verdict::accepted);  // sent at once
  CHECK(**f.submit(job_for(51)) == webhook_admission::verdict::accepted);
  CHECK(**f.submit(job_for(52)) == webhook_admission::verdict::accepted);
  CHECK(**f.submit(job_for(53)) == webhook_admission::verdict::queue_full);
  f.created();  // job 50's runner; 51 and 52 wait on the cap
  CHECK(f.creates_sent() == 1);
  // The periodic list does not show job 50's runner any more (it ended without a completed event reaching
  // us).
  f.sched.advance_time(30s);
  f.sched.run();
  REQUIRE(f.transport.open() == 1);
  CHECK(f.transport.attempts.back().call.target == "/runners");
  f.transport.answer({upstream_failure::none, 200, R"([{"runner_id":"someone-else"}])"});
  f.sched.run();
  REQUIRE(f.creates_sent() == 2);
  CHECK(f.transport.attempts.back().call.body.find("gh-job-51-1-r") != std::string::npos);
  f.created();
}
