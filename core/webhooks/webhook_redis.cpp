#include "core/webhooks/webhook_redis.hpp"

namespace gw {

namespace {
redis_script script(std::string_view text) {
  return make_redis_script(text);
}

// XADD's '*' is not deterministic: scripts replicate their effects (Redis 5's default, 7's only way).
constexpr std::string_view admit_lua = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 'D' end
if redis.call('EXISTS', KEYS[3]) == 1 and redis.call('XLEN', KEYS[3]) >= tonumber(ARGV[2]) then return 'Q' end
redis.pcall('XGROUP', 'CREATE', KEYS[3], ARGV[3], '0', 'MKSTREAM')
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
redis.call('XADD', KEYS[3], '*', 'j', ARGV[4])
return 'A'
)lua";

constexpr std::string_view update_lua = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('XLEN', KEYS[1]) >= 2 * tonumber(ARGV[1]) then return 'Q' end
redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[2], '0', 'MKSTREAM')
redis.call('XADD', KEYS[1], '*', 'u', ARGV[3])
return 'A'
)lua";

constexpr std::string_view lead_lua = R"lua(
local holder = redis.call('GET', KEYS[1])
if ARGV[3] == 'resign' then
  if holder == ARGV[1] then redis.call('DEL', KEYS[1]) end
  return 'R'
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 'L'
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 'N'
end
return 'F'
)lua";

// Entries pending in the group past the takeover time (a dead leader's, or this one's own, which it skips)
// come first, then new ones. XAUTOCLAIM names a deleted entry without its fields.
constexpr std::string_view fetch_lua = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'F' end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.pcall('XGROUP', 'CREATE', KEYS[2], ARGV[3], '0', 'MKSTREAM')
local count = tonumber(ARGV[4])
local out = {}
local function take(entries)
  for _, e in ipairs(entries) do
    local fields = e[2]
    if fields and #fields >= 2 then
      out[#out + 1] = string.format('%s %s %d\n', e[1], fields[1], #fields[2]) .. fields[2]
    end
  end
end
local cursor = '0-0'
repeat
  local r = redis.call('XAUTOCLAIM', KEYS[2], ARGV[3], ARGV[1], ARGV[5], cursor, 'COUNT', count)
  cursor = r[1]
  take(r[2])
until cursor == '0-0' or #out >= count
local fresh = redis.call('XREADGROUP', 'GROUP', ARGV[3], ARGV[1], 'COUNT', count, 'STREAMS', KEYS[2], '>')
if fresh and fresh[1] then take(fresh[1][2]) end
return 'E' .. table.concat(out)
)lua";

constexpr std::string_view start_lua = R"lua(
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'F' end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[3]) then return 'G' end
return 'S'
)lua";

constexpr std::string_view finish_lua = R"lua(
if ARGV[3] ~= 'retry' then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  redis.call('XDEL', KEYS[1], ARGV[2])
end
if ARGV[3] == 'retry' and redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end
if ARGV[3] == 'forget' then redis.call('DEL', KEYS[2], KEYS[3], KEYS[4]) end
return 'K'
)lua";
}  // namespace

webhook_redis_keys webhook_keys(std::string_view key_prefix) {
  std::string prefix(key_prefix);
  return {prefix + "wh:jobs", prefix + "wh:leader", prefix};
}

const redis_script& webhook_admit_script() {
  static const redis_script s = script(admit_lua);
  return s;
}
const redis_script& webhook_update_script() {
  static const redis_script s = script(update_lua);
  return s;
}
const redis_script& webhook_lead_script() {
  static const redis_script s = script(lead_lua);
  return s;
}
const redis_script& webhook_fetch_script() {
  static const redis_script s = script(fetch_lua);
  return s;
}
const redis_script& webhook_start_script() {
  static const redis_script s = script(start_lua);
  return s;
}
const redis_script& webhook_finish_script() {
  static const redis_script s = script(finish_lua);
  return s;
}

const std::vector<const redis_script*>& webhook_redis_scripts() {
  static const std::vector<const redis_script*> all{&webhook_admit_script(), &webhook_update_script(),
                                                    &webhook_lead_script(),  &webhook_fetch_script(),
                                                    &webhook_start_script(), &webhook_finish_script()};
  return all;
}

}  // namespace gw
