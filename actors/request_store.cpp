#include "actors/request_store.hpp"

#include "actors/process_context.hpp"
#include "core/access/access_control.hpp"
#include "core/protocol/envelope.hpp"
#include "telemetry/exposition.hpp"

namespace gw {

namespace {
counter_metric rate_limit_fail_open{
    "gha_gateway_rate_limit_fail_open_total",
    "Requests let through without a rate-limit check because Redis did not answer."};
counter_metric idempotency_store_unavailable{
    "gha_gateway_idempotency_store_unavailable_total",
    "Creates with an Idempotency-Key answered 503 because Redis did not answer."};

class in_process_store final : public request_store {
 public:
  explicit in_process_store(const process_context& policy) : policy_(policy) {}

  std::optional<rate_verdict> check_rate(requester&, rate_check check) const override {
    return rate_verdict{policy_.limiter.seconds_until_allowed(check.client, check.limits), true};
  }

  std::optional<claim_verdict> claim(requester&, idempotency_claim claim) const override {
    return claim_verdict{policy_.idempotency->claim(claim.caller, claim.key, claim.fingerprint), true};
  }

  void settle(requester&, idempotency_settlement settlement) const override {
    policy_.idempotency->settle(settlement.caller, settlement.key, std::move(settlement.answer),
                                settlement.brief ? answer_keeping::brief : answer_keeping::whole_ttl);
  }

 private:
  const process_context& policy_;
};

class redis_store final : public request_store {
 public:
  explicit redis_store(shared_store_actor store) : store_(std::move(store)) {}

  std::optional<rate_verdict> check_rate(requester& self, rate_check check) const override {
    self.send(store_, std::move(check));
    return std::nullopt;
  }

  std::optional<claim_verdict> claim(requester& self, idempotency_claim claim) const override {
    self.send(store_, std::move(claim));
    return std::nullopt;
  }

  void settle(requester& self, idempotency_settlement settlement) const override {
    self.send(store_, std::move(settlement));
  }

 private:
  shared_store_actor store_;
};
}  // namespace

std::shared_ptr<const request_store> in_process_request_store(const process_context& policy) {
  return std::make_shared<in_process_store>(policy);
}

std::shared_ptr<const request_store> redis_request_store(shared_store_actor store) {
  return std::make_shared<redis_store>(std::move(store));
}

std::optional<http_reply> refusal_for(const rate_verdict& verdict) {
  if (!verdict.answered) {
    rate_limit_fail_open.add();
    return std::nullopt;
  }
  if (verdict.wait_seconds > 0) return rate_limited_reply(verdict.wait_seconds);
  return std::nullopt;
}

std::optional<http_reply> refusal_for(const claim_verdict& verdict) {
  if (!verdict.answered) {
    idempotency_store_unavailable.add();
    auto reply = error_reply(503, messages::idempotency_store_unavailable);
    reply.headers.emplace_back("Retry-After", "1");
    return reply;
  }
  return reply_for_claim(verdict.result);
}

}  // namespace gw
