#include "core/idempotency.hpp"

#include <algorithm>
#include <functional>
#include <vector>

#include "core/envelope.hpp"

namespace gw {

std::string idempotency_record_id(std::string_view caller, std::string_view key) {
  std::string id = std::to_string(caller.size());
  id += ':';
  id += caller;
  id += key;
  return id;
}

idempotency_key parse_idempotency_key(std::string_view header, bool present) {
  if (!present) return {};
  if (header.size() >= 2 && header.front() == '"' && header.back() == '"') {
    header = header.substr(1, header.size() - 2);
    if (header.find_first_of("\"\\") != std::string_view::npos)
      return {idempotency_key::state::malformed, {}};
  }
  bool printable = std::all_of(header.begin(), header.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
  if (header.empty() || header.size() > 255 || !printable) return {idempotency_key::state::malformed, {}};
  return {idempotency_key::state::valid, std::string(header)};
}

bool keeps_answer(unsigned status, bool never_delivered) {
  if (status >= 400 && status < 500) return false;
  return !never_delivered;
}

idempotency_store::idempotency_store(std::chrono::milliseconds ttl, std::size_t max_records)
    : ttl_(ttl), max_per_shard_(std::max<std::size_t>(1, max_records / shard_count)) {}

idempotency_store::shard& idempotency_store::shard_of(const std::string& id) {
  return shards_[std::hash<std::string>{}(id) % shard_count];
}

// Drops expired records; if the shard is still full, the eighth that expires first, so that a full store
// pays this once per many inserts (an in-flight record is never dropped: its request would be forwarded
// twice).
void idempotency_store::make_room(shard& s, clock_type::time_point now) {
  if (s.records.size() < max_per_shard_) return;
  for (auto it = s.records.begin(); it != s.records.end();)
    it = !it->second.in_flight && it->second.expires <= now ? s.records.erase(it) : std::next(it);
  if (s.records.size() < max_per_shard_) return;
  std::vector<std::pair<clock_type::time_point, std::string>> settled;
  for (const auto& [id, r] : s.records)
    if (!r.in_flight) settled.emplace_back(r.expires, id);
  auto drop = std::min(settled.size(), std::max<std::size_t>(1, max_per_shard_ / 8));
  std::nth_element(settled.begin(), settled.begin() + static_cast<std::ptrdiff_t>(drop - (drop > 0)),
                   settled.end());
  for (std::size_t i = 0; i < drop; ++i) s.records.erase(settled[i].second);
}

idempotency_store::claim_result idempotency_store::claim(std::string_view caller, std::string_view key,
                                                         std::string_view fingerprint,
                                                         clock_type::time_point now) {
  auto id = idempotency_record_id(caller, key);
  auto& s = shard_of(id);
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.records.find(id);
  if (it != s.records.end() && !it->second.in_flight && it->second.expires <= now) {
    s.records.erase(it);
    it = s.records.end();
  }
  if (it == s.records.end()) {
    make_room(s, now);
    s.records.emplace(std::move(id), record{std::string(fingerprint), true, {}, now + ttl_});
    return {};
  }
  const auto& r = it->second;
  if (r.fingerprint != fingerprint) return {verdict::different_request, {}};
  if (r.in_flight) return {verdict::in_flight, {}};
  return {verdict::replay, r.answer};
}

void idempotency_store::settle(std::string_view caller, std::string_view key,
                               std::optional<kept_answer> answer, clock_type::time_point now) {
  auto id = idempotency_record_id(caller, key);
  auto& s = shard_of(id);
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.records.find(id);
  if (it == s.records.end()) return;
  if (!answer) {
    s.records.erase(it);
    return;
  }
  it->second.in_flight = false;
  it->second.answer = std::move(*answer);
  it->second.expires = now + ttl_;
}

std::size_t idempotency_store::size() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mutex);
    n += s.records.size();
  }
  return n;
}

std::optional<http_reply> reply_for_claim(const idempotency_store::claim_result& claim) {
  switch (claim.what) {
    case idempotency_store::verdict::forward:
      return std::nullopt;
    case idempotency_store::verdict::in_flight: {
      auto reply = error_reply(409, messages::idempotency_in_flight);
      reply.headers.emplace_back("Retry-After", "1");
      return reply;
    }
    case idempotency_store::verdict::different_request:
      return error_reply(422, messages::idempotency_key_reused);
    case idempotency_store::verdict::replay: {
      http_reply reply;
      reply.status = claim.answer.status;
      reply.body = claim.answer.body;
      reply.headers.emplace_back("Idempotent-Replayed", "true");
      return reply;
    }
  }
  return std::nullopt;
}

}  // namespace gw
