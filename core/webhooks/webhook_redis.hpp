// With REDIS_URL, the webhook jobs every replica shares: a Redis Stream of accepted jobs (and of jobs'
// later events) read through one consumer group by whichever replica holds the dispatcher's lease, so that
// the caps count one fleet and the order is one order. A job is admitted with its dedup keys in one script
// (no replica can admit it twice); it leaves the stream only once the orchestrator has answered its create;
// each create is marked started in Redis before it is sent, so a new leader never sends a second one for a
// job a dead leader may have created. A leader that dies leaves its jobs pending in the group: the next
// leader claims them at once (XAUTOCLAIM), and any entry idle past the takeover time is claimed again.
#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/redis/redis_scripts.hpp"

namespace gw {

struct webhook_redis_keys {
  std::string stream;  // PREFIX wh:jobs
  std::string leader;  // PREFIX wh:leader
  std::string seen(std::string_view dedup_key) const { return prefix + "wh:seen:" + std::string(dedup_key); }
  std::string started(std::string_view job_key) const {
    return prefix + "wh:started:" + std::string(job_key);
  }
  std::string prefix;
};
webhook_redis_keys webhook_keys(std::string_view key_prefix);

inline constexpr std::string_view webhook_group = "dispatchers";

// KEYS: seen delivery, seen job, stream; ARGV: dedup TTL ms, most entries, group, job text → A, D (a
// duplicate), Q (the stream is full)
const redis_script& webhook_admit_script();
// KEYS: stream; ARGV: most entries, group, update text → A or Q
const redis_script& webhook_update_script();
// KEYS: leader; ARGV: me, lease ms, "hold" or "resign" → N (now leader), L (still), F (another is), R
const redis_script& webhook_lead_script();
// KEYS: leader, stream; ARGV: me, lease ms, group, count, takeover idle ms → "E" then entries
// (core/webhooks/job_record's stream_entries_from_text), or F (not the leader)
const redis_script& webhook_fetch_script();
// KEYS: leader, started; ARGV: me, lease ms, started TTL ms → G (go), S (started before), F (not the leader)
const redis_script& webhook_start_script();
// KEYS: stream, started, seen delivery, seen job; ARGV: group, entry id, done|retry|forget, me → K
const redis_script& webhook_finish_script();

const std::vector<const redis_script*>& webhook_redis_scripts();

}  // namespace gw
