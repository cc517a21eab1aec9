#include "core/runners/runner_labels.hpp"

#include <rapidjson/document.h>

#include "core/text/ascii_text.hpp"
#include "core/text/json_scanner.hpp"

namespace gw {

namespace {

using json_scanning::byte;

std::string_view span(const byte* begin, const byte* end) {
  return {reinterpret_cast<const char*>(begin), static_cast<std::size_t>(end - begin)};
}

// A string's value from its raw text: as it is without an escape, else decoded.
std::string decoded(std::string_view raw) {
  if (raw.find('\\') == std::string_view::npos) return std::string(raw);
  std::string quoted = "\"" + std::string(raw) + "\"";
  rapidjson::Document doc;
  doc.Parse(quoted.c_str(), quoted.size());
  return doc.IsString() ? std::string(doc.GetString(), doc.GetStringLength()) : std::string();
}

// A key's raw text against a name; an escaped key is decoded first (rare), as a JSON reader would see it.
inline bool is_name(std::string_view raw, bool escaped, std::string_view name) {
  if (!escaped) return raw.size() == name.size() && raw[0] == name[0] && raw == name;
  return decoded(raw) == name;
}

// Follows one runner's members at `member_depth` (1 for a lone RunnerStatus, 2 inside a list): the last
// "labels" member wins (when it is an object), and within it the last string "scope" and "scope_name".
class labels_reader {
 public:
  explicit labels_reader(std::size_t member_depth) : member_depth_(member_depth) {}

  void reset() {
    scope_ = scope_name_ = {};
    has_scope_ = has_name_ = in_labels_ = labels_next_ = false;
  }

  [[gnu::always_inline]] void key(std::size_t depth, const byte* begin, const byte* end, bool escaped) {
    if (depth == member_depth_) {
      labels_next_ = is_name(span(begin, end), escaped, "labels");
      if (labels_next_) has_scope_ = has_name_ = false;  // a later "labels" replaces an earlier one
    } else if (depth == member_depth_ + 1 && in_labels_) {
      auto name = span(begin, end);
      which_ = is_name(name, escaped, "scope")        ? label::scope
               : is_name(name, escaped, "scope_name") ? label::scope_name
                                                      : label::other;
    }
  }
  [[gnu::always_inline]] void string_value(std::size_t depth, const byte* begin, const byte* end,
                                           bool escaped) {
    if (depth != member_depth_ + 1 || !in_labels_ || which_ == label::other) return;
    bool scope = which_ == label::scope;
    (scope ? scope_ : scope_name_) = span(begin, end);
    (scope ? scope_escaped_ : name_escaped_) = escaped;
    (scope ? has_scope_ : has_name_) = true;
  }
  void container(std::size_t depth, bool object) {
    if (depth == member_depth_) {
      in_labels_ = labels_next_ && object;
      which_ = label::other;
    }
  }
  void closed(std::size_t depth) {
    if (depth == member_depth_) in_labels_ = false;
  }

  bool covered_by(const grant_set& grants) const {
    if (grants.everything()) return true;
    if (!has_scope_ || !has_name_) return false;
    if (!scope_escaped_ && !name_escaped_) return grants.covers(scope_, scope_name_);
    return grants.covers(decoded(scope_), decoded(scope_name_));
  }
  runner_labels labels() const {
    if (!has_scope_ || !has_name_) return {};
    return {true, true, decoded(scope_), decoded(scope_name_)};
  }

 private:
  enum class label { scope, scope_name, other };
  std::size_t member_depth_;
  std::string_view scope_, scope_name_;  // raw, escapes as written
  bool has_scope_ = false, has_name_ = false, scope_escaped_ = false, name_escaped_ = false;
  bool labels_next_ = false, in_labels_ = false;
  label which_ = label::other;
};

struct runner_observer : labels_reader {
  static constexpr bool active = true;
  runner_observer() : labels_reader(1) {}
  void element_begin(const byte*) {}
  void element_end(const byte*) {}
};

// Each element of the list: its labels, then kept (copied as it came) when the grants cover it.
struct list_observer : labels_reader {
  static constexpr bool active = true;
  list_observer(const grant_set& g, filtered_runner_list& o) : labels_reader(2), grants(g), out(o) {}

  void element_begin(const byte* at) {
    begin = at;
    reset();
  }
  // While every entry so far is kept nothing is copied (the answer may be the list as it came); the first
  // one left out copies the kept run before it in one go.
  void element_end(const byte* at) {
    while (at > begin && (at[-1] == ' ' || at[-1] == '\n' || at[-1] == '\r' || at[-1] == '\t')) --at;
    bool covered = covered_by(grants);
    if (out.all_kept) {
      if (covered) {
        if (out.count++ == 0) kept_from = begin;
        kept_to = at;
        return;
      }
      out.all_kept = false;
      out.array.reserve(total_size / 4 + 2);
      out.array += '[';
      if (out.count > 0) append(kept_from, kept_to);
      return;
    }
    if (!covered) return;
    if (out.count++ > 0) out.array += ',';
    append(begin, at);
  }
  void append(const byte* from, const byte* to) {
    out.array.append(reinterpret_cast<const char*>(from), static_cast<std::size_t>(to - from));
  }

  const grant_set& grants;
  filtered_runner_list& out;
  std::size_t total_size = 0;
  const byte* begin = nullptr;
  const byte* kept_from = nullptr;
  const byte* kept_to = nullptr;
};

}  // namespace

runner_labels labels_of_runner(std::string_view runner_object) {
  runner_observer observer;
  auto shape = json_scanning::scan(runner_object, observer);
  if (!shape.valid || !shape.is_object) return {};
  auto labels = observer.labels();
  labels.valid = true;
  return labels;
}

bool grants_cover(const grant_set& grants, const runner_labels& labels) {
  return grants.everything() || (labels.present && grants.covers(labels.scope, labels.scope_name));
}

filtered_runner_list filter_runner_list(std::string_view runner_array, const grant_set& grants) {
  filtered_runner_list out;
  list_observer observer(grants, out);
  observer.total_size = runner_array.size();
  auto shape = json_scanning::scan(runner_array, observer);
  if (!shape.valid || !shape.is_array) return {};
  out.valid = true;
  if (!out.all_kept) out.array += ']';
  return out;
}

std::string_view filtered_runner_list::json(std::string_view runner_array) const {
  return all_kept ? trim_ascii(runner_array) : std::string_view(array);
}

}  // namespace gw
