#include "core/access/key_grants.hpp"

#include <algorithm>

#include "core/protocol/github_names.hpp"
#include "core/text/ascii_text.hpp"

namespace gw {

namespace {
bool segment_matches(const std::string& pattern, std::string_view name) {
  return pattern == "*" || iequals_ascii(pattern, name);
}
}  // namespace

std::string grant::text() const {
  switch (what) {
    case kind::everything:
      return "*";
    case kind::org:
      return "org:" + owner;
    case kind::repo:
      return "repo:" + owner + "/" + repo;
    case kind::metrics:
      return "metrics";
  }
  return {};
}

std::optional<grant> parse_grant(std::string_view text) {
  if (text == "*") return grant{};
  if (text == "metrics") return grant{grant::kind::metrics, {}, {}};
  constexpr std::string_view org = "org:", repo = "repo:";
  if (text.substr(0, org.size()) == org) {
    auto name = text.substr(org.size());
    if (name != "*" && !is_github_owner_name(name)) return std::nullopt;
    return grant{grant::kind::org, std::string(name), {}};
  }
  if (text.substr(0, repo.size()) == repo) {
    auto name = text.substr(repo.size());
    auto slash = name.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto owner = name.substr(0, slash), repository = name.substr(slash + 1);
    if (owner != "*" && !is_github_owner_name(owner)) return std::nullopt;
    if (repository != "*" && !is_github_repo_name(repository)) return std::nullopt;
    return grant{grant::kind::repo, std::string(owner), std::string(repository)};
  }
  return std::nullopt;
}

grant_set::grant_set(std::vector<grant> grants) : grants_(std::move(grants)) {
  everything_ = grants_.empty();
  for (const auto& g : grants_)
    if (g.what == grant::kind::everything) everything_ = true;
}

bool grant_set::covers(std::string_view scope, std::string_view scope_name) const {
  if (everything_) return true;
  // Runs for every listed runner: the scope and the name's split are worked out once, not per grant.
  if (scope == "org") {
    for (const auto& g : grants_)
      if (g.what == grant::kind::org && segment_matches(g.owner, scope_name)) return true;
    return false;
  }
  if (scope != "repo") return false;
  auto slash = scope_name.find('/');
  if (slash == std::string_view::npos) return false;
  auto owner = scope_name.substr(0, slash), repository = scope_name.substr(slash + 1);
  if (repository.find('/') != std::string_view::npos) return false;
  for (const auto& g : grants_)
    if (g.what == grant::kind::repo && segment_matches(g.owner, owner) && segment_matches(g.repo, repository))
      return true;
  return false;
}

bool grant_set::allows_metrics() const {
  return everything_ || std::any_of(grants_.begin(), grants_.end(),
                                    [](const grant& g) { return g.what == grant::kind::metrics; });
}

std::string grant_set::text() const {
  if (everything_) return "*";
  std::string out;
  for (const auto& g : grants_) {
    if (!out.empty()) out += ' ';
    out += g.text();
  }
  return out;
}

}  // namespace gw
