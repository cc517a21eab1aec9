// What an API key may act on, by a runner's scope and scope_name (the create body's fields, the list's
// labels.scope / labels.scope_name). Grants, as written in API_KEYS_FILE:
//   *                 everything: every runner (with or without labels) and cleanup
//   org:NAME          the runners of scope "org" registered to organisation NAME
//   repo:OWNER/REPO   the runners of scope "repo" registered to that repository
//   metrics           GET /metrics on the public port (no runner: a scraper's key)
// In org: and repo: a whole segment may be '*' (org:*, repo:OWNER/*, repo:*/*). org: and repo: never
// cover each other: org:acme is not acme's repositories (write repo:acme/* as well for those). Names
// compare without regard to ASCII case, as GitHub's do.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

struct grant {
  enum class kind { everything, org, repo, metrics };
  kind what = kind::everything;
  std::string owner;  // org name or repository owner; "*" = any
  std::string repo;   // repo: only; "*" = any

  // The grant as written in the file.
  std::string text() const;
};

// nullopt when `text` is not a grant (the names must be valid GitHub names, or '*').
std::optional<grant> parse_grant(std::string_view text);

// A key's grants. None at all means everything (keys without grants keep their meaning).
class grant_set {
 public:
  grant_set() = default;
  explicit grant_set(std::vector<grant> grants);

  bool everything() const { return everything_; }
  // Whether /metrics may be read with this key on the public port: '*' or 'metrics'.
  bool allows_metrics() const;
  // Whether a runner of this scope may be acted on; a runner without labels passes only `*`.
  bool covers(std::string_view scope, std::string_view scope_name) const;
  const std::vector<grant>& grants() const { return grants_; }
  // "*" or the grants, space-separated (for logs).
  std::string text() const;

 private:
  std::vector<grant> grants_;
  bool everything_ = true;
};

}  // namespace gw
