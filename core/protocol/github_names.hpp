// GitHub's own rules for the names a scope is made of.
#pragma once
#include <string_view>

namespace gw {

bool is_github_owner_name(std::string_view name);  // user or organisation login
bool is_github_repo_name(std::string_view name);

}  // namespace gw
