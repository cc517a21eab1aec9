// The request actor's protocol, one path at a time, through a front on the test coordinator: the key and its
// grants, the client's rate limit and an Idempotency-Key's record (in process, and through a shared-store
// stand-in that answers, or not, as Redis would), and the audit count of a state-changing call.
#include <catch2/catch.hpp>

#include <caf/send.hpp>

#include "actor_harness.hpp"
#include "core/access/api_keys.hpp"
#include "core/config/access_snapshot.hpp"
#include "core/redis/redis_scripts.hpp"
#include "reply_headers.hpp"

using namespace gw;
using namespace gw::test;
using namespace std::chrono_literals;

namespace {
const std::string create_body_text = R"({"scope":"repo","scope_name":"octo/hello","count":1})";

access_snapshot access_with(std::string_view key_file, rate_limits client_limits = {}, bool audit = false) {
  gateway_config config;
  auto snapshot = make_access_snapshot(config, parse_key_file(key_file).keys);
  auto settings = std::make_shared<access_settings>(*snapshot);
  settings->client_limits = client_limits;
  settings->audit = audit;
  return settings;
}

client_request keyed(client_request r, std::string_view key) {
  r.authorization = "Bearer " + std::string(key);
  return r;
}

double scrape(const std::string& sample) {
  auto text = gateway_metrics().exposition({});
  auto at = text.find("\n" + sample + " ");
  return at == std::string::npos ? 0 : std::stod(text.substr(at + sample.size() + 2));
}

// A front whose request actors ask its shared-store actor (what REDIS_URL gives them), on a scripted Redis.
front_actor start_shared(front_fixture& f, front_settings settings, std::shared_ptr<scripted_redis> redis) {
  shared_store_settings store;
  store.connection = std::move(redis);
  store.process_token = "test-process";
  settings.store = std::move(store);
  return f.start(std::move(settings));
}
}  // namespace

TEST_CASE("request actor: a key's grants narrow what it may create; nothing reaches the orchestrator") {
  front_fixture f;
  auto fr = f.start_with(access_with("team-a-0123456789ab name=team-a repo:acme/*\n"));
  auto refused = f.send(fr, keyed({"POST", "/api/v1/runners", create_body_text}, "team-a-0123456789ab"));
  REQUIRE(refused->replies.size() == 1);
  CHECK(refused->replies[0].status == 403);
  CHECK(f.transport.attempts.empty());
  auto unkeyed = f.send(fr, {"POST", "/api/v1/runners", create_body_text});
  REQUIRE(unkeyed->replies.size() == 1);
  CHECK(unkeyed->replies[0].status == 401);
  CHECK(header(unkeyed->replies[0], "WWW-Authenticate") == "Bearer");
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("request actor: the client's rate limit, per key, in process; health is never limited") {
  front_fixture f;
  auto fr = f.start_with(
      access_with("team-a-0123456789ab name=team-a *\nteam-b-0123456789ab name=team-b *\n", {1, 1}));
  auto first = f.send(fr, keyed({"GET", "/api/v1/runners"}, "team-a-0123456789ab"));
  REQUIRE(f.transport.attempts.size() == 1);
  f.transport.answer({upstream_failure::none, 200, "[]"});
  f.sched.run();
  REQUIRE(first->replies.size() == 1);
  CHECK(first->replies[0].status == 200);
  auto second = f.send(fr, keyed({"GET", "/api/v1/runners"}, "team-a-0123456789ab"));
  REQUIRE(second->replies.size() == 1);
  CHECK(second->replies[0].status == 429);
  CHECK(header(second->replies[0], "Retry-After") == "1");
  CHECK(f.transport.attempts.size() == 1);
  auto other = f.send(fr, keyed({"GET", "/api/v1/runners"}, "team-b-0123456789ab"));
  CHECK(f.transport.attempts.size() == 2);  // its own bucket
  for (int i = 0; i < 3; ++i) {
    auto health = f.send(fr, {"GET", "/api/v1/health"});
    REQUIRE(health->replies.size() == 1);
    CHECK(health->replies[0].status == 200);
  }
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("request actor: an Idempotency-Key's create goes out once; in flight 409, then its answer again") {
  front_fixture f;
  f.policy.idempotency.emplace();
  auto fr = f.start();
  client_request create{"POST", "/api/v1/runners", create_body_text};
  create.idempotency_key = "run-42";
  auto first = f.send(fr, create);
  REQUIRE(f.transport.attempts.size() == 1);
  auto meanwhile = f.send(fr, create);
  REQUIRE(meanwhile->replies.size() == 1);
  CHECK(meanwhile->replies[0].status == 409);
  f.transport.answer({upstream_failure::none, 200,
                      R"([{"runner_id":"gw-1","status":"creating","message":"Runner en creación"}])"});
  f.sched.run();
  REQUIRE(first->replies.size() == 1);
  CHECK(first->replies[0].status == 200);
  auto again = f.send(fr, create);
  REQUIRE(again->replies.size() == 1);
  CHECK(again->replies[0].status == first->replies[0].status);
  CHECK(again->replies[0].body == first->replies[0].body);
  CHECK(header(again->replies[0], "Idempotent-Replayed") == "true");
  auto different = create;
  different.body = R"({"scope":"repo","scope_name":"octo/other","count":1})";
  auto refused = f.send(fr, different);
  REQUIRE(refused->replies.size() == 1);
  CHECK(refused->replies[0].status == 422);
  CHECK(f.transport.attempts.size() == 1);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("request actor: a state-changing call is audited under its key's name; a read is not") {
  front_fixture f;
  auto fr = f.start_with(access_with("auditor-0123456789ab name=auditor-key *\n", {}, true));
  const std::string sample =
      R"(gha_gateway_audit_events_total{key="auditor-key",action="destroy",outcome="succeeded"})";
  auto before = scrape(sample);
  f.send(fr, keyed({"DELETE", "/api/v1/runners/gw-1"}, "auditor-0123456789ab"));
  REQUIRE(f.transport.attempts.size() == 1);  // the list first: only a listed id is deleted
  f.transport.answer(
      {upstream_failure::none, 200, R"([{"runner_id":"gw-1","status":"running","labels":null}])"});
  f.sched.run();
  REQUIRE(f.transport.attempts.size() == 2);
  CHECK(f.transport.attempts[1].call.method == "DELETE");
  f.transport.answer(
      {upstream_failure::none, 200, R"({"success":true,"message":"Runner gw-1 destruido exitosamente"})"});
  f.sched.run();
  CHECK(scrape(sample) == before + 1);
  f.send(fr, keyed({"GET", "/api/v1/runners"}, "auditor-0123456789ab"));
  f.transport.answer({upstream_failure::none, 200, "[]"});
  f.sched.run();
  CHECK(scrape(sample) == before + 1);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("request actor: with Redis, the rate limits of one turn go out in one script call per client") {
  front_fixture f;
  auto redis = std::make_shared<scripted_redis>();
  auto settings = f.settings();
  settings.access = access_with("team-a-0123456789ab name=team-a *\n", {1, 2});
  auto fr = start_shared(f, std::move(settings), redis);
  auto sink_a = std::make_shared<recorded_sink>();
  auto sink_b = std::make_shared<recorded_sink>();
  auto sink_c = std::make_shared<recorded_sink>();
  auto list = keyed({"GET", "/api/v1/runners"}, "team-a-0123456789ab");
  // Three requests in one turn of the thread.
  caf::anon_send(fr, list.exchange(f.now(), sink_a));
  caf::anon_send(fr, list.exchange(f.now(), sink_b));
  caf::anon_send(fr, list.exchange(f.now(), sink_c));
  f.sched.run();
  REQUIRE(redis->waiting(rate_limit_script()) == 1);
  auto call = redis->answer(rate_limit_script(), "2 3");  // two pass, the third waits 3 s
  CHECK(call.keys == std::vector<std::string>{rate_limit_redis_key("gha-gateway:", "key:team-a")});
  CHECK(call.args.back() == "3");
  f.sched.run();
  CHECK(f.transport.attempts.size() == 2);
  REQUIRE(sink_c->replies.size() == 1);
  CHECK(sink_c->replies[0].status == 429);
  CHECK(header(sink_c->replies[0], "Retry-After") == "3");

  // Redis silent: the request passes (fail open), and that is counted.
  auto open_before = scrape("gha_gateway_rate_limit_fail_open_total");
  f.send(fr, list);
  redis->answer(rate_limit_script(), std::nullopt);
  f.sched.run();
  CHECK(f.transport.attempts.size() == 3);
  CHECK(scrape("gha_gateway_rate_limit_fail_open_total") == open_before + 1);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("request actor: with Redis, a create's key is claimed there; no answer is a 503, never a create") {
  front_fixture f;
  auto redis = std::make_shared<scripted_redis>();
  auto fr = start_shared(f, f.settings(), redis);
  client_request create{"POST", "/api/v1/runners", create_body_text};
  create.idempotency_key = "run-7";
  auto unavailable_before = scrape("gha_gateway_idempotency_store_unavailable_total");
  auto silent = f.send(fr, create);
  REQUIRE(redis->waiting(claim_script()) == 1);
  redis->answer(claim_script(), std::nullopt);
  f.sched.run();
  REQUIRE(silent->replies.size() == 1);
  CHECK(silent->replies[0].status == 503);
  CHECK(header(silent->replies[0], "Retry-After") == "1");
  CHECK(scrape("gha_gateway_idempotency_store_unavailable_total") == unavailable_before + 1);
  CHECK(f.transport.attempts.empty());

  // No ready connection: answered at once, nothing sent to Redis.
  redis->ready = false;
  auto down = f.send(fr, create);
  REQUIRE(down->replies.size() == 1);
  CHECK(down->replies[0].status == 503);
  CHECK(redis->waiting(claim_script()) == 0);
  redis->ready = true;

  // Claimed: the create goes out, and its answer is settled in Redis under the same owner.
  auto claimed = f.send(fr, create);
  auto claim = redis->answer(claim_script(), "F");
  f.sched.run();
  REQUIRE(f.transport.attempts.size() == 1);
  f.transport.answer({upstream_failure::none, 200,
                      R"([{"runner_id":"gw-1","status":"creating","message":"Runner en creación"}])"});
  f.sched.run();
  REQUIRE(claimed->replies.size() == 1);
  CHECK(claimed->replies[0].status == 200);
  REQUIRE(redis->waiting(settle_script()) == 1);
  auto settle = redis->answer(settle_script(), "OK");
  CHECK(settle.keys == claim.keys);
  CHECK(settle.args[0] == claim.args[1]);       // the claim's owner settles it
  CHECK(settle.args[1].rfind("200 ", 0) == 0);  // the answer kept

  // A replay from Redis is sent again as it was kept.
  auto replayed = f.send(fr, create);
  redis->answer(claim_script(), "R200 {\"kept\":true}");
  f.sched.run();
  REQUIRE(replayed->replies.size() == 1);
  CHECK(replayed->replies[0].status == 200);
  CHECK(replayed->replies[0].body == "{\"kept\":true}");
  CHECK(f.transport.attempts.size() == 1);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}
