#include "actors/shared_store.hpp"

#include <caf/send.hpp>

#include <algorithm>

namespace gw {

namespace {
// The claim's owner: this process and the claiming request actor (its id is unique in the process).
std::string owner_of(const shared_store_settings& settings, const caf::strong_actor_ptr& sender) {
  return settings.process_token + ":" + std::to_string(sender ? sender->id() : 0);
}

template <class Verdict>
void tell(const caf::strong_actor_ptr& to, Verdict verdict) {
  caf::anon_send(caf::actor_cast<request_actor_handle>(to), std::move(verdict));
}
}  // namespace

shared_store_actor::behavior_type shared_store(shared_store_actor::pointer self,
                                               shared_store_settings settings) {
  auto connection = settings.connection;
  return {
      [=](rate_check& check) -> one_way {
        auto sender = self->current_sender();
        auto key = rate_limit_redis_key(settings.key_prefix, check.client);
        auto interval = microseconds_per_request(check.limits);
        auto burst = burst_text(check.limits);
        bool sent = connection->eval(
            rate_limit_script(), {key}, {interval, burst}, [sender](const redis_answer* answer) {
              rate_verdict verdict;
              if (answer && answer->what == redis_answer::kind::integer) {
                verdict.answered = true;
                verdict.wait_seconds = static_cast<int>(std::clamp<long long>(answer->integer, 0, 86400));
              }
              tell(sender, verdict);
            });
        if (!sent) tell(sender, rate_verdict{});
        return {};
      },
      [=](idempotency_claim& claim) -> one_way {
        auto sender = self->current_sender();
        auto key = idempotency_redis_key(settings.key_prefix, claim.caller, claim.key);
        auto ttl = milliseconds_text(settings.in_flight_ttl);
        bool sent =
            connection->eval(claim_script(), {key}, {claim.fingerprint, owner_of(settings, sender), ttl},
                             [sender](const redis_answer* answer) {
                               claim_verdict verdict;
                               if (answer && answer->what == redis_answer::kind::text)
                                 if (auto result = claim_from_text(answer->text)) {
                                   verdict.answered = true;
                                   verdict.result = std::move(*result);
                                 }
                               tell(sender, std::move(verdict));
                             });
        if (!sent) tell(sender, claim_verdict{});
        return {};
      },
      // Nobody waits for a settlement. One that is lost leaves the record in flight until its in-flight
      // TTL, and a retry under its key gets 409 until then: never a second create.
      [=](idempotency_settlement& settlement) -> one_way {
        auto key = idempotency_redis_key(settings.key_prefix, settlement.caller, settlement.key);
        auto answer = settlement.answer ? kept_answer_text(*settlement.answer) : std::string();
        auto ttl = milliseconds_text(settings.ttl);
        connection->eval(settle_script(), {key}, {owner_of(settings, self->current_sender()), answer, ttl},
                         [](const redis_answer*) {});
        return {};
      },
  };
}

}  // namespace gw
