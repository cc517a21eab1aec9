// The webhook intake's settings (POST /webhooks/github), declared here once: the secrets, the body limit,
// which jobs are ours, dedup and queue bounds, the caps. core/config folds these rows into the gateway's.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/text/setting_values.hpp"
#include "core/webhooks/job_intake.hpp"
#include "core/webhooks/runner_caps.hpp"

namespace gw {

struct webhook_settings {
  std::vector<std::string> secrets;  // GITHUB_WEBHOOK_SECRET, comma-separated (two during a rotation)
  std::string secrets_file;          // GITHUB_WEBHOOK_SECRETS_FILE (app/ reads it)
  std::size_t max_body_bytes = 1u << 20;
  std::vector<std::string> runner_labels{"self-hosted", "linux", "x64"};
  webhook_scope scope = webhook_scope::repo;
  double dedup_ttl_seconds = 3 * 86400;
  std::size_t queue_max = 10000;
  double job_ttl_seconds = 3600;
  runner_caps caps;

  // The route exists when a secret is configured (here or in the file).
  bool configured() const { return !secrets.empty() || !secrets_file.empty(); }
};

inline constexpr std::size_t min_webhook_secret_length = 16;

const std::vector<setting_row<webhook_settings>>& webhook_setting_rows();

}  // namespace gw
