// Each actor through its typed interface, on CAF's test coordinator: timers fire when the test moves the
// clock, never by sleeping.
#include <catch2/catch.hpp>

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <list>
#include <optional>
#include <stdexcept>

#include "actor_harness.hpp"
#include "actors/front_actor.hpp"
#include "actors/health_monitor.hpp"
#include "actors/orchestrator_proxy.hpp"
#include "actors/request_actor.hpp"
#include "core/config/access_snapshot.hpp"
#include "reply_headers.hpp"

using namespace gw;
using namespace gw::test;
using namespace std::chrono_literals;

namespace {

// Sends `proxy` one request, as a request actor does, and keeps the outcome it is sent back.
std::shared_ptr<std::optional<upstream_outcome>> ask(fixture& f, orchestrator_proxy_actor proxy,
                                                     upstream_request request) {
  auto got = std::make_shared<std::optional<upstream_outcome>>();
  f.sys.spawn(
      [=](caf::event_based_actor* self, orchestrator_proxy_actor to) -> caf::behavior {
        self->send(to, request);
        return {[=](upstream_outcome& o) {
          *got = std::move(o);
          self->quit();
        }};
      },
      proxy);
  f.sched.run();
  return got;
}

std::shared_ptr<std::optional<upstream_outcome>> ask(fixture& f, orchestrator_proxy_actor proxy,
                                                     upstream_call call,
                                                     std::chrono::steady_clock::duration life = 60s) {
  return ask(f, std::move(proxy), upstream_request{std::move(call), f.now() + life});
}

double scrape_counter(const std::string& sample) {
  auto text = gateway_metrics().exposition({});
  auto at = text.find("\n" + sample + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + sample.size() + 2));
}

upstream_call list_call() {
  return {"GET", "/runners", {}, retry_class::idempotent};
}

health_snapshot unreachable() {
  auto down = evaluate_health({upstream_failure::not_sent, 0, {}});
  down.fail_fast = true;  // as the monitor's tracker reports it
  return down;
}

health_snapshot healthy() {
  return evaluate_health({upstream_failure::none, 200, R"({"success":true})"});
}

}  // namespace

TEST_CASE("proxy: a failing GET is retried after 1 s, then 2 s, and settles with the last outcome") {
  fixture f;
  scripted_transport transport;
  auto proxy = f.sys.spawn(orchestrator_proxy, proxy_settings{{3, 1.0}, &transport});
  auto got = ask(f, proxy, list_call());
  REQUIRE(transport.attempts.size() == 1);
  transport.answer({upstream_failure::none, 503, R"({"detail":"busy"})"});
  f.sched.run();
  CHECK_FALSE(got->has_value());
  f.sched.advance_time(999ms);
  f.sched.run();
  CHECK(transport.attempts.size() == 1);  // the backoff is not over
  f.sched.advance_time(1ms);
  f.sched.run();
  REQUIRE(transport.attempts.size() == 2);  // second attempt at 1 s
  transport.answer({upstream_failure::timeout, 0, {}});
  f.sched.run();
  f.sched.advance_time(1999ms);
  f.sched.run();
  CHECK(transport.attempts.size() == 2);
  f.sched.advance_time(1ms);
  f.sched.run();
  REQUIRE(transport.attempts.size() == 3);  // third at 1 s + 2 s
  transport.answer({upstream_failure::none, 503, R"({"detail":"still busy"})"});
  f.sched.run();
  REQUIRE(got->has_value());
  CHECK((*got)->status == 503);
  CHECK(transport.attempts[2].call.target == "/runners");  // the call went out whole every time
  anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("proxy: a create that may have been delivered is never retried; one never sent is") {
  fixture f;
  scripted_transport transport;
  auto proxy = f.sys.spawn(orchestrator_proxy, proxy_settings{{3, 1.0}, &transport});
  auto delivered = ask(f, proxy, {"POST", "/runners/create", "{}", retry_class::create});
  transport.answer({upstream_failure::transport, 0, {}});
  f.sched.run();
  REQUIRE(delivered->has_value());
  CHECK((*delivered)->failure == upstream_failure::transport);
  CHECK(transport.attempts.size() == 1);

  auto not_sent = ask(f, proxy, {"POST", "/runners/create", "{}", retry_class::create});
  transport.answer({upstream_failure::not_sent, 0, {}});
  f.sched.run();
  f.sched.advance_time(1s);
  f.sched.run();
  CHECK(transport.attempts.size() == 3);
  transport.answer({upstream_failure::none, 200, R"({"success":true})"});
  f.sched.run();
  REQUIRE(not_sent->has_value());
  CHECK((*not_sent)->status == 200);
  anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("proxy: fail-fast while the monitor says unreachable, traffic again once it answers") {
  fixture f;
  scripted_transport transport;
  auto proxy = f.sys.spawn(orchestrator_proxy, proxy_settings{{3, 1.0}, &transport});
  caf::anon_send(proxy, health_atom::value, unreachable());
  f.sched.run();
  auto refused = ask(f, proxy, list_call());
  REQUIRE(refused->has_value());
  CHECK((*refused)->failure == upstream_failure::fail_fast);
  CHECK(transport.attempts.empty());

  // A call waiting for its backoff when the orchestrator goes down ends with what it has.
  caf::anon_send(proxy, health_atom::value, healthy());
  f.sched.run();
  auto waiting = ask(f, proxy, list_call());
  transport.answer({upstream_failure::none, 502, {}});
  f.sched.run();
  caf::anon_send(proxy, health_atom::value, unreachable());
  f.sched.run();
  f.sched.advance_time(1s);
  f.sched.run();
  REQUIRE(waiting->has_value());
  CHECK((*waiting)->status == 502);
  CHECK(transport.attempts.size() == 1);
  anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("proxy: no retry starts past the request's deadline") {
  fixture f;
  scripted_transport transport;
  auto proxy = f.sys.spawn(orchestrator_proxy, proxy_settings{{3, 1.0}, &transport});
  auto got = ask(f, proxy, list_call(), 800ms);
  CHECK(transport.attempts[0].deadline == f.now() + 800ms);  // the attempt's timeout is cut to the deadline
  transport.answer({upstream_failure::timeout, 0, {}});
  f.sched.run();
  REQUIRE(got->has_value());  // a 1 s backoff would end past the deadline: settled at once
  CHECK((*got)->failure == upstream_failure::timeout);
  anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("proxy: a create past its caller's deadline is answered then, and its attempt runs on") {
  fixture f;
  scripted_transport transport;
  auto proxy = f.sys.spawn(orchestrator_proxy, proxy_settings{{3, 1.0}, &transport});
  upstream_call create{"POST", "/runners/create", "{}", retry_class::create};
  create.work = call_work::create;
  auto got = ask(f, proxy, upstream_request{create, f.now() + 2s, 10s, true});
  REQUIRE(transport.attempts.size() == 1);
  CHECK(transport.attempts[0].deadline == f.now() + 10s);  // its own budget, not the caller's deadline
  auto before = scrape_counter("gha_gateway_late_create_outcomes_total{outcome=\"created\"}");
  f.sched.advance_time(2s);
  f.sched.run();
  REQUIRE(got->has_value());
  CHECK((*got)->failure == upstream_failure::timeout);
  CHECK((*got)->still_running);
  transport.answer({upstream_failure::none, 200, R"([{"runner_id":"gw-m-1"}])"});
  f.sched.run();
  CHECK(transport.attempts.size() == 1);  // never retried
  CHECK(scrape_counter("gha_gateway_late_create_outcomes_total{outcome=\"created\"}") == before + 1);
  anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("proxy: the final outcome says whether an earlier attempt may have reached the orchestrator") {
  fixture f;
  scripted_transport transport;
  auto proxy = f.sys.spawn(orchestrator_proxy, proxy_settings{{3, 1.0}, &transport});
  auto got = ask(f, proxy, {"DELETE", "/runners/gw-m-1", {}, retry_class::idempotent});
  transport.answer({upstream_failure::timeout, 0, {}});
  f.sched.run();
  f.sched.advance_time(1s);
  f.sched.run();
  transport.answer({upstream_failure::none, 404, R"({"detail":"Runner no encontrado"})"});
  f.sched.run();
  REQUIRE(got->has_value());
  CHECK((*got)->status == 404);
  CHECK((*got)->earlier_attempt_lost);

  auto plain = ask(f, proxy, {"DELETE", "/runners/gw-m-2", {}, retry_class::idempotent});
  transport.answer({upstream_failure::none, 404, R"({"detail":"Runner no encontrado"})"});
  f.sched.run();
  REQUIRE(plain->has_value());
  CHECK_FALSE((*plain)->earlier_attempt_lost);
  anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("proxy: a dead pooled connection is retried at once on a new one, as the same attempt") {
  fixture f;
  scripted_transport transport;
  auto proxy = f.sys.spawn(orchestrator_proxy, proxy_settings{{3, 1.0}, &transport});
  auto attempts_before = scrape_counter("gha_gateway_upstream_attempts_total");
  auto retries_before = scrape_counter("gha_gateway_upstream_retries_total");
  const std::string transport_failures = R"(gha_gateway_upstream_failures_total{kind="transport"})";
  auto failures_before = scrape_counter(transport_failures);
  auto got = ask(f, proxy, {"DELETE", "/runners/gw-m-1", {}, retry_class::idempotent});
  REQUIRE(transport.attempts.size() == 1);
  CHECK(transport.attempts[0].use == connection_use::pooled_or_new);
  upstream_outcome stale{upstream_failure::transport, 0, {}};
  stale.stale_connection = true;
  transport.answer(stale);
  f.sched.run();
  REQUIRE(transport.attempts.size() == 2);  // no backoff
  CHECK(transport.attempts[1].use == connection_use::new_only);
  CHECK(transport.attempts[1].deadline == transport.attempts[0].deadline);
  CHECK(transport.attempts[1].call.target == "/runners/gw-m-1");
  transport.answer({upstream_failure::none, 404, R"({"detail":"Runner no encontrado"})"});
  f.sched.run();
  REQUIRE(got->has_value());
  CHECK((*got)->status == 404);
  CHECK_FALSE((*got)->earlier_attempt_lost);  // nothing reached the orchestrator before
  CHECK(scrape_counter("gha_gateway_upstream_attempts_total") == attempts_before + 1);
  CHECK(scrape_counter("gha_gateway_upstream_retries_total") == retries_before);
  CHECK(scrape_counter(transport_failures) == failures_before);  // a dead idle socket is no failure

  // A create written on a dead connection may have been read: it is not sent again.
  auto create = ask(f, proxy, {"POST", "/runners/create", "{}", retry_class::create});
  transport.answer(stale);
  f.sched.run();
  REQUIRE(create->has_value());
  CHECK((*create)->failure == upstream_failure::transport);
  CHECK(transport.attempts.size() == 3);
  CHECK(scrape_counter(transport_failures) == failures_before + 1);  // the create's is
  anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("front: answers local routes itself and sends API requests through a request actor") {
  front_fixture f;
  auto fr = f.start();
  auto healthz = f.send(fr, {"GET", "/healthz"});
  REQUIRE(healthz->replies.size() == 1);
  CHECK(healthz->replies[0].status == 200);
  CHECK(f.transport.attempts.empty());

  auto list = f.send(fr, {"GET", "/api/v1/runners"});
  CHECK(list->replies.empty());
  REQUIRE(f.transport.attempts.size() == 1);
  CHECK(f.transport.attempts[0].call.target == "/runners");
  CHECK(f.transport.attempts[0].call.request_id == "test-request");
  f.transport.answer({upstream_failure::none, 200, "[]"});
  f.sched.run();
  REQUIRE(list->replies.size() == 1);
  CHECK(list->replies[0].status == 200);
  CHECK(list->replies[0].body.find("Listados 0 runners activos") != std::string::npos);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("front: a reloaded snapshot serves the requests after it; one already begun keeps its own") {
  front_fixture f;
  auto keys_file = [](std::string_view text) {
    gateway_config config;
    return make_access_snapshot(config, parse_key_file(text).keys);
  };
  auto fr = f.start_with(keys_file("old-key-0123456789 name=a repo:acme/*\n"));
  client_request list{"GET", "/api/v1/runners"};
  list.authorization = "Bearer old-key-0123456789";
  auto begun = f.send(fr, list);
  REQUIRE(f.transport.attempts.size() == 1);

  caf::anon_send(fr, settings_atom::value, keys_file("new-key-0123456789 name=b *\n"));
  f.sched.run();
  f.transport.answer({upstream_failure::none, 200,
                      R"([{"runner_id":"a","labels":{"scope":"repo","scope_name":"acme/x"}},)"
                      R"({"runner_id":"b","labels":{"scope":"repo","scope_name":"beta/y"}}])"});
  f.sched.run();
  REQUIRE(begun->replies.size() == 1);
  CHECK(begun->replies[0].status == 200);
  CHECK(begun->replies[0].body.find("Listados 1 runners activos") != std::string::npos);  // old grants

  auto after = f.send(fr, list);
  REQUIRE(after->replies.size() == 1);
  CHECK(after->replies[0].status == 401);
  list.authorization = "Bearer new-key-0123456789";
  auto newcomer = f.send(fr, list);
  CHECK(f.transport.attempts.size() == 2);
  f.transport.answer({upstream_failure::none, 200, "[]"});
  f.sched.run();
  REQUIRE(newcomer->replies.size() == 1);
  CHECK(newcomer->replies[0].status == 200);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("front: a preflight carries each CORS header once") {
  front_fixture f;
  auto fr = f.start();
  client_request preflight{"OPTIONS", "/api/v1/runners"};
  preflight.origin = "https://ci.example";
  preflight.preflight_method = "POST";
  auto sink = f.send(fr, preflight);
  REQUIRE(sink->replies.size() == 1);
  int origins = 0;
  for (auto& [name, value] : sink->replies[0].headers) origins += name == "Access-Control-Allow-Origin";
  CHECK(origins == 1);
  CHECK(header(sink->replies[0], "Access-Control-Allow-Methods") == "GET, POST, PUT, DELETE");
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("request actor: its deadline bounds the call; the client gets a 504 when it runs out") {
  front_fixture f;
  auto fr = f.start();
  auto arrived = f.now();
  auto sink = f.send(fr, {"GET", "/api/v1/runners/runner-1"});
  REQUIRE(f.transport.attempts.size() == 1);
  // REQUEST_TIMEOUT_SECONDS (10 s here) cuts the attempt's own 30 s timeout.
  CHECK(f.transport.attempts[0].deadline == arrived + 10s);
  f.sched.advance_time(10s);
  f.transport.answer({upstream_failure::timeout, 0, {}});  // what the pool reports at that deadline
  f.sched.run();
  REQUIRE(sink->replies.size() == 1);  // no retry fits before the deadline
  CHECK(sink->replies[0].status == 504);
  CHECK(f.transport.attempts.size() == 1);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("request actor: an invalid create is answered without reaching the orchestrator") {
  front_fixture f;
  auto fr = f.start();
  auto sink = f.send(fr, {"POST", "/api/v1/runners", R"({"scope":"repo"})"});
  REQUIRE(sink->replies.size() == 1);
  CHECK(sink->replies[0].status == 400);
  CHECK(sink->replies[0].body.find("Campo obligatorio faltante: scope_name") != std::string::npos);
  auto wrong_type = f.send(fr, {"POST", "/api/v1/runners", R"({"scope":"repo"})", "text/plain"});
  REQUIRE(wrong_type->replies.size() == 1);
  CHECK(wrong_type->replies[0].status == 415);
  CHECK(f.transport.attempts.empty());
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("front: a validator that throws answers 500 and is replaced; the thread serves on") {
  front_fixture f;
  auto calls = std::make_shared<int>(0);
  auto fr = f.start([calls](const create_body& body) {
    if (++*calls == 1) throw std::runtime_error("validator bug");
    return apply_create_rules(body);
  });
  const std::string body = R"({"scope":"repo","scope_name":"octo/hello","count":1})";
  auto first = f.send(fr, {"POST", "/api/v1/runners", body});
  REQUIRE(first->replies.size() == 1);
  CHECK(first->replies[0].status == 500);
  auto second = f.send(fr, {"POST", "/api/v1/runners", body});
  CHECK(*calls == 2);  // a new validator took the request
  REQUIRE(f.transport.attempts.size() == 1);
  CHECK(f.transport.attempts[0].call.target == "/runners/create");
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("front: a proxy that throws answers the call it held and is replaced; the thread serves on") {
  front_fixture f;
  auto fr = f.start();
  f.transport.throw_next = true;
  auto first = f.send(fr, {"GET", "/api/v1/runners"});
  REQUIRE(first->replies.size() == 1);  // answered with what the call had (never sent), not left hanging
  CHECK(first->replies[0].status == 503);
  auto second = f.send(fr, {"GET", "/api/v1/runners"});
  REQUIRE(f.transport.attempts.size() == 1);  // a new proxy took it
  f.transport.answer({upstream_failure::none, 200, "[]"});
  f.sched.run();
  REQUIRE(second->replies.size() == 1);
  CHECK(second->replies[0].status == 200);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("front: fail-fast follows the monitor's news, and /health reports it") {
  front_fixture f;
  scripted_transport probe_transport;
  auto monitor = f.start_monitor(probe_transport);
  auto fr = f.start_watched(monitor);
  REQUIRE(probe_transport.attempts.size() == 1);  // polled at start
  CHECK(probe_transport.attempts[0].call.target == "/health");
  probe_transport.answer({upstream_failure::not_sent, 0, {}});
  f.sched.run();
  auto refused = f.send(fr, {"GET", "/api/v1/runners"});
  REQUIRE(refused->replies.size() == 1);
  CHECK(refused->replies[0].status == 503);
  CHECK(f.transport.attempts.empty());
  auto health = f.send(fr, {"GET", "/api/v1/health"});
  REQUIRE(health->replies.size() == 1);
  CHECK(health->replies[0].body.find("unreachable") != std::string::npos);

  f.sched.advance_time(5s);  // the next poll finds it again
  f.sched.run();
  REQUIRE(probe_transport.attempts.size() == 2);
  probe_transport.answer({upstream_failure::none, 200, R"({"success":true})"});
  f.sched.run();
  f.send(fr, {"GET", "/api/v1/runners"});
  CHECK(f.transport.attempts.size() == 1);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  anon_send_exit(monitor, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("front: a busy orchestrator is reported busy and requests still go to it") {
  front_fixture f;
  scripted_transport probe_transport;
  auto monitor = f.start_monitor(probe_transport);
  auto fr = f.start_watched(monitor);
  probe_transport.answer({upstream_failure::timeout, 0, {}});  // connected, no answer: frozen at work
  f.sched.run();
  auto health = f.send(fr, {"GET", "/api/v1/health"});
  REQUIRE(health->replies.size() == 1);
  CHECK(health->replies[0].body.find(R"("orchestrator":"busy")") != std::string::npos);
  auto list = f.send(fr, {"GET", "/api/v1/runners"});
  CHECK(list->replies.empty());  // waiting for the orchestrator, not refused
  CHECK(f.transport.attempts.size() == 1);
  anon_send_exit(fr, caf::exit_reason::user_shutdown);
  anon_send_exit(monitor, caf::exit_reason::user_shutdown);
  f.sched.run();
}

namespace {
std::size_t listeners_of(health_monitor_actor& monitor) {
  auto* self = dynamic_cast<caf::stateful_actor<health_monitor_state, health_monitor_actor::base>*>(
      caf::actor_cast<caf::abstract_actor*>(monitor));
  REQUIRE(self != nullptr);
  return self->state.listeners.size();
}
}  // namespace

TEST_CASE("health monitor: no second probe while one is out; a listener that ended is forgotten") {
  fixture f;
  scripted_transport probes;
  auto monitor = f.sys.spawn(health_monitor, health_monitor_settings{&probes, 5s, 5s, {}});
  f.sched.run();
  REQUIRE(probes.attempts.size() == 1);
  f.sched.advance_time(5s);  // the first probe has not answered: no second one
  f.sched.run();
  CHECK(probes.attempts.size() == 1);
  probes.answer({upstream_failure::none, 200, R"({"success":true})"});
  f.sched.run();

  auto heard = std::make_shared<std::vector<std::string>>();
  auto listener = f.sys.spawn(
      [](health_listener_actor::pointer,
         std::shared_ptr<std::vector<std::string>> log) -> health_listener_actor::behavior_type {
        return {[=](health_atom, const health_snapshot& h) { log->push_back(h.orchestrator); }};
      },
      heard);
  caf::anon_send(monitor, listen_atom::value, listener);
  f.sched.run();
  CHECK(*heard == std::vector<std::string>{"healthy"});  // told the current state at once
  CHECK(listeners_of(monitor) == 1);
  anon_send_exit(listener, caf::exit_reason::user_shutdown);
  f.sched.run();
  CHECK(listeners_of(monitor) == 0);
  f.sched.advance_time(5s);
  f.sched.run();
  REQUIRE(probes.attempts.size() == 2);
  probes.answer({upstream_failure::not_sent, 0, {}});
  f.sched.run();
  CHECK(*heard == std::vector<std::string>{"healthy"});
  anon_send_exit(monitor, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("health monitor: a probe whose pooled connection was dead goes again at once on a new one") {
  fixture f;
  scripted_transport probes;
  auto monitor = f.sys.spawn(health_monitor, health_monitor_settings{&probes, 5s, 5s, {}});
  f.sched.run();
  REQUIRE(probes.attempts.size() == 1);
  upstream_outcome stale{upstream_failure::transport, 0, {}};
  stale.stale_connection = true;
  probes.answer(stale);
  f.sched.run();
  REQUIRE(probes.attempts.size() == 2);
  CHECK(probes.attempts[1].use == connection_use::new_only);
  CHECK(probes.attempts[1].deadline == probes.attempts[0].deadline);
  probes.answer({upstream_failure::none, 200, R"({"success":true})"});
  f.sched.run();
  CHECK(probes.attempts.size() == 2);
  anon_send_exit(monitor, caf::exit_reason::user_shutdown);
  f.sched.run();
}

TEST_CASE("request actor: a handler that throws answers its request 500, once; the thread serves on") {
  fixture f;
  process_context policy;
  scripted_transport transport;
  // A validator that never answers, so the request actor can be sent an outcome before its procedure.
  auto silent_validator = f.sys.spawn(
      [](validator_actor::pointer, int) -> validator_actor::behavior_type {
        return {[](validate_atom, const create_body&) -> one_way { return {}; }};
      },
      0);
  auto proxy = f.sys.spawn(orchestrator_proxy, proxy_settings{{3, 1.0}, &transport});
  client_request create{"POST", "/api/v1/runners", R"({"scope":"repo","scope_name":"octo/hello"})"};
  auto sink = std::make_shared<recorded_sink>();
  auto actor = f.sys.spawn<request_actor>(request_context{create.exchange(f.now(), sink),
                                                          match_route("POST", "/api/v1/runners"),
                                                          &policy,
                                                          std::make_shared<const access_settings>(),
                                                          silent_validator,
                                                          proxy,
                                                          in_process_request_store(policy),
                                                          {}});
  f.sched.run();
  CHECK(sink->replies.empty());  // waiting for its verdict
  caf::anon_send(actor, upstream_outcome{upstream_failure::none, 200, "[]"});
  f.sched.run();
  REQUIRE(sink->replies.size() == 1);
  CHECK(sink->replies[0].status == 500);
  CHECK(sink->replies[0].body.find("Error interno del servidor") != std::string::npos);
  CHECK(transport.attempts.empty());
  anon_send_exit(silent_validator, caf::exit_reason::user_shutdown);
  anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  f.sched.run();
}
