// libFuzzer target: configuration parsing (environment and flags), CORS origins and API keys.
// Lines of the input become flags ("--...") or environment entries ("NAME=VALUE"). API_KEYS_FILE is only
// named here (app/ reads it), so it is fuzzed like any other setting; the whole input is also read as a
// keys file (names, grants, hashed keys), as a CONFIG_FILE, as an Idempotency-Key header, as a REDIS_URL
// (its errors never echo it) and as the claim script's answer (a kept answer round-trips).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/access/api_keys.hpp"
#include "core/access/cors.hpp"
#include "core/config/config.hpp"
#include "core/config/env_file.hpp"
#include "core/idempotency/idempotency.hpp"
#include "core/redis/redis_scripts.hpp"
#include "core/redis/redis_url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  gw::environment env;
  std::vector<std::string> args;
  std::size_t start = 0;
  while (start <= input.size()) {
    auto end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    std::string line = input.substr(start, end - start);
    if (line.rfind("--", 0) == 0) {
      args.push_back(line);
    } else if (auto eq = line.find('='); eq != std::string::npos) {
      env[line.substr(0, eq)] = line.substr(eq + 1);
    }
    start = end + 1;
  }
  auto outcome = gw::parse_config(env, args);
  if (outcome.config) {
    const auto& c = *outcome.config;
    if (c.upstream_host.empty() || c.upstream_port == 0 || c.io_threads < 0 || c.retry_max_attempts < 1)
      __builtin_trap();
  } else if (!outcome.help && !outcome.version && outcome.error.empty()) {
    __builtin_trap();
  }
  auto cors = gw::parse_cors_origins(input);
  gw::http_reply reply;
  gw::add_cors_headers(cors, input, reply);
  for (const auto& [name, value] : reply.headers)
    if (value.find('\r') != std::string::npos || value.find('\n') != std::string::npos) __builtin_trap();
  gw::api_keys keys(gw::unscoped_keys(gw::parse_key_list(input)));
  keys.match(input);
  auto file = gw::parse_key_file(input);
  if (!file.error.empty() && !file.keys.empty()) __builtin_trap();
  for (const auto& key : file.keys) {
    if (key.name.empty() || key.digest.size() != 32) __builtin_trap();
    // A grant written out reads back as the same grant.
    for (const auto& g : key.grants.grants())
      if (auto again = gw::parse_grant(g.text()); !again || again->text() != g.text()) __builtin_trap();
  }
  gw::api_keys file_keys(std::move(file.keys));
  file_keys.match(input);
  auto idempotency = gw::parse_idempotency_key(input, true);
  if (idempotency.status == gw::idempotency_key::state::valid) {
    const auto& v = idempotency.value;
    if (v.empty() || v.size() > 255) __builtin_trap();
    for (char c : v)
      if (c < 0x20 || c > 0x7e) __builtin_trap();
  }
  auto redis = gw::parse_redis_url(input);
  if (redis.endpoint.has_value() == !redis.error.empty()) __builtin_trap();
  // A password never appears in the error: one planted before the last '@' is not echoed.
  if (auto at = input.rfind('@'); at != std::string::npos) {
    constexpr std::string_view planted = "Pl4nted5ecret";
    auto with_secret = input.substr(0, at) + std::string(planted) + input.substr(at);
    if (gw::parse_redis_url(with_secret).error.find(planted) != std::string::npos) __builtin_trap();
  }
  if (redis.endpoint && (redis.endpoint->host.empty() || redis.endpoint->port == 0)) __builtin_trap();
  if (auto claim = gw::claim_from_text(input);
      claim && claim->what == gw::idempotency_claim_result::verdict::replay) {
    auto again = gw::claim_from_text("R" + gw::kept_answer_text(claim->answer));
    if (!again || again->answer.status != claim->answer.status || again->answer.body != claim->answer.body)
      __builtin_trap();
  }
  auto env_file = gw::parse_env_file(input);
  if (!env_file.error.empty() && !env_file.entries.empty()) __builtin_trap();
  return 0;
}
