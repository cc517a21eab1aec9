// Test helpers for the actors under CAF's test coordinator: a scripted orchestrator transport and Redis, a
// reply sink that keeps what it is given, requests to hand to a front actor, and the one fixture that starts
// a front (with its validator and proxy) on a scripted orchestrator.
#pragma once
#include <catch2/catch.hpp>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/front_actor.hpp"
#include "actors/health_monitor.hpp"
#include "actors/process_context.hpp"
#include "http/orchestrator_transport.hpp"
#include "http/redis_script_runner.hpp"
#include "messages/interfaces.hpp"

namespace gw::test {

// Every attempt is kept until the test answers it.
struct scripted_transport : orchestrator_transport {
  struct attempt {
    upstream_call call;
    std::chrono::steady_clock::time_point deadline;
    callback done;
    connection_use use = connection_use::pooled_or_new;
  };
  void exchange(upstream_call call, std::chrono::steady_clock::time_point deadline, connection_use use,
                callback done) override {
    if (throw_next) {
      throw_next = false;
      throw std::runtime_error("pool bug");
    }
    attempts.push_back({std::move(call), deadline, std::move(done), use});
  }
  // Answers the oldest attempt still open (the record of the attempt stays).
  void answer(upstream_outcome outcome) {
    auto& a = attempts.at(answered++);
    auto done = std::move(a.done);
    done(std::move(outcome), a.call);
  }
  std::size_t open() const { return attempts.size() - answered; }
  std::vector<attempt> attempts;
  std::size_t answered = 0;
  bool throw_next = false;  // the next exchange throws, as a bug in the pool would
};

// Redis as the scripts see it: every call kept until the test answers it.
struct scripted_redis : redis_script_runner {
  struct call {
    const redis_script* script;
    std::vector<std::string> keys, args;
    handler done;
  };
  void eval(const redis_script& script, std::initializer_list<std::string_view> keys,
            std::initializer_list<std::string_view> args, handler done) override {
    calls.push_back({&script, {keys.begin(), keys.end()}, {args.begin(), args.end()}, std::move(done)});
  }
  std::optional<long long> redis_deadline_us() const override {
    return ready ? std::optional<long long>(1000) : std::nullopt;
  }
  // The oldest unanswered call of `script`, answered with `text` (nullopt: no answer).
  call answer(const redis_script& script, std::optional<std::string> text) {
    for (auto& c : calls)
      if (c.script == &script && c.done) {
        auto done = std::move(c.done);
        c.done = nullptr;
        if (text) {
          redis_answer a;
          a.what = redis_answer::kind::text;
          a.text = *text;
          done(&a);
        } else {
          done(nullptr);
        }
        return c;
      }
    FAIL("no call waiting for that script");
    return {};
  }
  std::size_t waiting(const redis_script& script) const {
    std::size_t n = 0;
    for (const auto& c : calls) n += c.script == &script && c.done;
    return n;
  }
  std::vector<call> calls;
  bool ready = true;  // a connection is up (redis_deadline_us answers)
};

struct recorded_sink : reply_sink {
  void deliver(http_reply reply) override { replies.push_back(std::move(reply)); }
  std::vector<http_reply> replies;
};

inline caf::actor_system_config& testing_config(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
  return cfg;
}

// A system on the test coordinator: time moves only when the test says so.
struct fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{testing_config(cfg)};
  caf::scheduler::test_coordinator& sched = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  std::chrono::steady_clock::time_point now() { return sched.clock().now(); }
};

// A request as a session would hand it on; the strings stay alive with it.
struct client_request {
  client_request(std::string m, std::string p, std::string b = {}, std::string ct = "application/json")
      : method(std::move(m)), path(std::move(p)), body(std::move(b)), content_type(std::move(ct)) {}

  http_exchange exchange(std::chrono::steady_clock::time_point arrived,
                         std::shared_ptr<recorded_sink> sink) const {
    http_exchange e;
    e.request.method = method;
    e.request.target = path;
    e.request.path = path;
    e.request.family = path_family_of(path);
    e.request.body = body;
    e.request.content_type = content_type;
    e.request.origin = origin;
    e.request.preflight_method = preflight_method;
    e.request.authorization = authorization;
    e.request.idempotency_key = idempotency_key;
    e.request.has_idempotency_key = !idempotency_key.empty();
    e.request.client_ip = "127.0.0.1";
    e.request.client_address = "127.0.0.1:5000";
    e.request.client_is_loopback = true;
    e.request.request_id = "test-request";
    e.request.started_at = arrived;
    e.request.arrived_at = arrived;
    e.reply = std::move(sink);
    return e;
  }

  std::string method, path, body, content_type, origin, preflight_method, authorization, idempotency_key;
};

// A front on a scripted orchestrator: its validator and proxy as in the gateway, the request timeout 10 s.
struct front_fixture : fixture {
  front_fixture() { policy.budgets.request_timeout = std::chrono::seconds(10); }
  front_settings settings(create_rules rules = apply_create_rules) {
    return front_settings{&policy, {}, std::move(rules), proxy_settings{{3, 1.0}, &transport}, {}, {}, {}};
  }
  front_actor start(front_settings s) {
    auto fr = sys.spawn(front, std::move(s));
    sched.run();
    return fr;
  }
  front_actor start(create_rules rules = apply_create_rules) { return start(settings(std::move(rules))); }
  // A monitor polling on `probes` every 5 s, for a front to listen to.
  health_monitor_actor start_monitor(scripted_transport& probes) {
    auto monitor =
        sys.spawn(health_monitor,
                  health_monitor_settings{&probes, std::chrono::seconds(5), std::chrono::seconds(5), {}});
    sched.run();
    return monitor;
  }
  // A front whose first configuration snapshot is `access` (keys, limits, audit).
  front_actor start_with(access_snapshot access) {
    auto s = settings();
    s.access = std::move(access);
    return start(std::move(s));
  }
  // A front listening to `monitor`, as every front of the gateway does.
  front_actor start_watched(health_monitor_actor monitor) {
    auto s = settings();
    s.monitor = std::move(monitor);
    return start(std::move(s));
  }
  // The request's text stays alive with the fixture, as a session keeps it until it has the answer.
  std::shared_ptr<recorded_sink> send(front_actor& fr, client_request r) {
    auto sink = std::make_shared<recorded_sink>();
    auto& kept = requests.emplace_back(std::move(r));
    caf::anon_send(fr, kept.exchange(now(), sink));
    sched.run();
    return sink;
  }
  process_context policy;
  scripted_transport transport;
  std::list<client_request> requests;
};

}  // namespace gw::test
