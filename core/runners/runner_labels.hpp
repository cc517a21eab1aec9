// The owner of a runner as the orchestrator reports it (RunnerStatus.labels.scope / .scope_name), read from
// untrusted JSON in the same single pass that validates it (core/text/json_scanner.hpp), without building a
// tree: a list of 50 runners is filtered per key on every GET /api/v1/runners.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "core/access/key_grants.hpp"

namespace gw {

struct runner_labels {
  bool valid = false;    // the text was a JSON object
  bool present = false;  // both labels.scope and labels.scope_name are strings
  std::string scope;
  std::string scope_name;
};

// One RunnerStatus object (untrusted text).
runner_labels labels_of_runner(std::string_view runner_object);

// Whether `grants` cover a runner with these labels (no labels: only `*`).
bool grants_cover(const grant_set& grants, const runner_labels& labels);

struct filtered_runner_list {
  bool valid = false;     // the text is a valid JSON array (else nothing else is set)
  bool all_kept = true;   // every entry is covered: the list as it came is the answer (nothing copied)
  std::string array;      // else the covered entries, as they came, in a JSON array
  std::size_t count = 0;  // entries kept

  // The kept entries as a JSON array: `array`, or the list itself (trimmed) when every entry was kept.
  std::string_view json(std::string_view runner_array) const;
};

// The entries of a list (untrusted JSON text) that `grants` cover.
filtered_runner_list filter_runner_list(std::string_view runner_array, const grant_set& grants);

}  // namespace gw
