#include "actors/shared_store.hpp"

#include <caf/send.hpp>

#include <algorithm>
#include <optional>
#include <vector>

namespace gw {

namespace {
// The claim's owner: this process and the claiming request actor (its id is unique in the process).
std::string owner_of(const shared_store_settings& settings, const caf::strong_actor_ptr& sender) {
  return settings.process_token + ":" + std::to_string(sender ? sender->id() : 0);
}

// A caller's index lives as long as its longest-lived record may.
std::string index_ttl(const shared_store_settings& settings) {
  return milliseconds_text(std::max(settings.ttl, settings.in_flight_ttl));
}

template <class Verdict>
void tell(const caf::strong_actor_ptr& to, Verdict verdict) {
  caf::anon_send(caf::actor_cast<request_actor_handle>(to), std::move(verdict));
}

bool same_bucket(const rate_check& a, const rate_check& b) {
  return a.client == b.client && a.limits.rate == b.limits.rate && a.limits.burst == b.limits.burst;
}

// One script call per client (and limits) among the gathered checks, in their order of arrival: the first
// ones the bucket holds pass, the others wait.
void flush(shared_store_pointer self, const shared_store_settings& settings) {
  auto checks = std::move(self->state.checks);
  self->state.checks.clear();
  self->state.flush_sent = false;
  std::stable_sort(checks.begin(), checks.end(),
                   [](const auto& a, const auto& b) { return a.check.client < b.check.client; });
  for (auto first = checks.begin(); first != checks.end();) {
    auto last =
        std::find_if(first, checks.end(), [&](const auto& c) { return !same_bucket(c.check, first->check); });
    std::vector<caf::strong_actor_ptr> senders;
    senders.reserve(static_cast<std::size_t>(last - first));
    for (auto it = first; it != last; ++it) senders.push_back(std::move(it->sender));
    auto key = rate_limit_redis_key(settings.key_prefix, first->check.client);
    auto interval = microseconds_per_request(first->check.limits);
    auto burst = burst_text(first->check.limits);
    auto count = std::to_string(senders.size());
    auto answer_all = [senders = std::move(senders)](const redis_answer* answer) {
      std::optional<rate_batch_verdict> batch;
      if (answer && answer->what == redis_answer::kind::text) batch = rate_batch_from_text(answer->text);
      for (std::size_t i = 0; i < senders.size(); ++i) {
        rate_verdict verdict;
        if (batch) {
          verdict.answered = true;
          verdict.wait_seconds = i < batch->passed ? 0 : std::max(1, batch->wait_seconds);
        }
        tell(senders[i], verdict);
      }
    };
    settings.connection->eval(rate_limit_script(), {key}, {interval, burst, count}, std::move(answer_all));
    first = last;
  }
}
}  // namespace

shared_store_actor::behavior_type shared_store(shared_store_pointer self, shared_store_settings settings) {
  auto connection = settings.connection;
  return {
      [=](rate_check& check) -> one_way {
        self->state.checks.push_back({std::move(check), self->current_sender()});
        if (!self->state.flush_sent) {
          self->state.flush_sent = true;
          self->send(self, flush_atom::value);
        }
        return {};
      },
      [=](flush_atom) -> one_way {
        flush(self, settings);
        return {};
      },
      [=](idempotency_claim& claim) -> one_way {
        auto sender = self->current_sender();
        auto deadline = connection->redis_deadline_us();
        if (!deadline) {
          tell(sender, claim_verdict{});
          return {};
        }
        auto key = idempotency_redis_key(settings.key_prefix, claim.caller, claim.key);
        auto index = idempotency_caller_index_key(settings.key_prefix, claim.caller);
        auto ttl = milliseconds_text(settings.in_flight_ttl);
        connection->eval(claim_script(), {key, index},
                         {claim.fingerprint, owner_of(settings, sender), ttl, std::to_string(*deadline),
                          std::to_string(settings.max_per_caller), index_ttl(settings)},
                         [sender](const redis_answer* answer) {
                           claim_verdict verdict;
                           if (answer && answer->what == redis_answer::kind::text)
                             if (auto result = claim_from_text(answer->text)) {
                               verdict.answered = true;
                               verdict.result = std::move(*result);
                             }
                           tell(sender, std::move(verdict));
                         });
        return {};
      },
      // Nobody waits for a settlement. One that is lost leaves the record in flight until its in-flight
      // TTL, and a retry under its key gets 409 until then: never a second create.
      [=](idempotency_settlement& settlement) -> one_way {
        auto key = idempotency_redis_key(settings.key_prefix, settlement.caller, settlement.key);
        auto index = idempotency_caller_index_key(settings.key_prefix, settlement.caller);
        auto answer = settlement.answer ? kept_answer_text(*settlement.answer) : std::string();
        auto ttl =
            milliseconds_text(settlement.brief ? std::min(settings.brief_ttl, settings.ttl) : settings.ttl);
        connection->eval(settle_script(), {key, index},
                         {owner_of(settings, self->current_sender()), answer, ttl, index_ttl(settings)},
                         [](const redis_answer*) {});
        return {};
      },
  };
}

}  // namespace gw
