// Test helpers for the actors under CAF's test coordinator: a scripted orchestrator transport, a reply sink
// that keeps what it is given, and requests to hand to a front actor.
#pragma once
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/gateway_policy.hpp"
#include "http/orchestrator_transport.hpp"
#include "messages/interfaces.hpp"

namespace gw::test {

// Every attempt is kept until the test answers it.
struct scripted_transport : orchestrator_transport {
  struct attempt {
    upstream_call call;
    std::chrono::steady_clock::time_point deadline;
    callback done;
  };
  void exchange(upstream_call call, std::chrono::steady_clock::time_point deadline, callback done) override {
    if (throw_next) {
      throw_next = false;
      throw std::runtime_error("pool bug");
    }
    attempts.push_back({std::move(call), deadline, std::move(done)});
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
    e.request.client_ip = "127.0.0.1";
    e.request.client_address = "127.0.0.1:5000";
    e.request.client_is_loopback = true;
    e.request.request_id = "test-request";
    e.request.started_at = arrived;
    e.request.arrived_at = arrived;
    e.reply = std::move(sink);
    return e;
  }

  std::string method, path, body, content_type, origin, preflight_method, authorization;
};

}  // namespace gw::test
