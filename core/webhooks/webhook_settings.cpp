#include "core/webhooks/webhook_settings.hpp"

#include "core/access/api_keys.hpp"

namespace gw {

namespace {
using row = setting_row<webhook_settings>;

std::string apply_secrets(webhook_settings& s, const char*, const std::string& value) {
  // Never echoed: the value is a secret.
  s.secrets.clear();
  for (auto& secret : parse_key_list(value)) {
    if (secret.size() < min_webhook_secret_length)
      return "GITHUB_WEBHOOK_SECRET is invalid: each secret needs " +
             std::to_string(min_webhook_secret_length) +
             " or more characters (GitHub's own advice: a long random string)";
    s.secrets.push_back(std::move(secret));
  }
  return {};
}

}  // namespace

const std::vector<row>& webhook_setting_rows() {
  static const std::vector<row> rows{
      {"GITHUB_WEBHOOK_SECRET", "",
       "comma-separated secrets of GitHub webhooks (16+ characters each; two in force while one is rotated); "
       "with one set, POST /webhooks/github takes workflow_job deliveries signed with it "
       "(X-Hub-Signature-256)",
       apply_secrets},
      {"GITHUB_WEBHOOK_SECRETS_FILE", "",
       "file of webhook secrets, one per line: SECRET [name=NAME] [GRANT...] (the keys file's grants; none: "
       "'*'); added to GITHUB_WEBHOOK_SECRET; re-read on change and SIGHUP",
       [](webhook_settings& s, const char*, const std::string& value) {
         s.secrets_file = value;
         return std::string();
       }},
      {"WEBHOOK_MAX_BODY_BYTES", "1048576", "largest webhook delivery accepted; larger ones get 413",
       [](webhook_settings& s, const char* name, const std::string& value) {
         return set_whole(s.max_body_bytes, name, value, 1024, 25LL * 1024 * 1024, "bytes 1024-26214400");
       }},
      {"WEBHOOK_RUNNER_LABELS", "self-hosted,linux,x64",
       "a queued job gets a runner only when every label of its runs-on is one of these (any case)",
       [](webhook_settings& s, const char* name, const std::string& value) {
         s.runner_labels = parse_runner_label_set(value);
         if (s.runner_labels.empty())
           return invalid_setting(name, value, "one label or more, comma-separated");
         return std::string();
       }},
      {"WEBHOOK_SCOPE", "repo",
       "'repo': a job's runner is registered to its repository; 'org': to the repository's organisation",
       [](webhook_settings& s, const char* name, const std::string& value) {
         if (iequals_ascii(value, "repo")) {
           s.scope = webhook_scope::repo;
         } else if (iequals_ascii(value, "org")) {
           s.scope = webhook_scope::org;
         } else {
           return invalid_setting(name, value, "repo or org");
         }
         return std::string();
       }},
      {"WEBHOOK_DEDUP_TTL_SECONDS", "259200",
       "how long a delivery id and a job's attempt are remembered, so that a redelivery makes no second "
       "runner (GitHub redelivers for 3 days)",
       [](webhook_settings& s, const char* name, const std::string& value) {
         return set_seconds(s.dedup_ttl_seconds, name, value, 60, 30 * 86400, "seconds from 60 to 2592000");
       }},
      {"WEBHOOK_QUEUE_MAX", "10000",
       "accepted jobs waiting for their runner, per replica without REDIS_URL; past it deliveries get 503",
       [](webhook_settings& s, const char* name, const std::string& value) {
         return set_whole(s.queue_max, name, value, 1, 10000000, "an integer 1-10000000");
       }},
      {"WEBHOOK_JOB_TTL_SECONDS", "3600",
       "how long an accepted job's create is tried (the orchestrator down, the caps full); then it is "
       "dropped, logged and counted",
       [](webhook_settings& s, const char* name, const std::string& value) {
         return set_seconds(s.job_ttl_seconds, name, value, 1, 7 * 86400, "seconds from 1 to 604800");
       }},
      {"WEBHOOK_MAX_RUNNERS", "0",
       "runners made for webhook jobs and not yet ended, whole fleet; a job past it waits; 0 = no cap",
       [](webhook_settings& s, const char* name, const std::string& value) {
         return set_whole(s.caps.max_total, name, value, 0, 1000000, "an integer 0-1000000");
       }},
      {"WEBHOOK_MAX_RUNNERS_PER_SCOPE", "0", "the same per repository or organisation; 0 = no cap",
       [](webhook_settings& s, const char* name, const std::string& value) {
         return set_whole(s.caps.max_per_scope, name, value, 0, 1000000, "an integer 0-1000000");
       }},
  };
  return rows;
}

}  // namespace gw
