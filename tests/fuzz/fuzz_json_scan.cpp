// libFuzzer target: the hand-written JSON scanner against RapidJSON's validating reader (the oracle). Both
// must agree on validity, the top-level kind and the top-level count, for any bytes; the one difference
// allowed is a number too large for a double, which RapidJSON refuses and the JSON grammar allows. On text
// both accept, the runner-label reader and the per-key list filter (core/runners/runner_labels) are checked
// against RapidJSON's DOM: the same labels for an object, and for an array the covered entries, in order.
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <string_view>

#include "core/access/key_grants.hpp"
#include "core/runners/runner_labels.hpp"
#include "core/text/json_text.hpp"

namespace {
struct oracle_handler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, oracle_handler> {
  gw::json_shape shape;
  std::size_t depth = 0;
  bool value() {
    if (depth == 1 && shape.is_array) ++shape.top_level_count;
    return true;
  }
  bool Default() { return value(); }
  bool Key(const char*, rapidjson::SizeType, bool) {
    if (depth == 1) ++shape.top_level_count;
    return true;
  }
  bool open(bool array) {
    value();
    if (depth == 0) (array ? shape.is_array : shape.is_object) = true;
    return ++depth <= gw::max_json_depth;
  }
  bool StartObject() { return open(false); }
  bool StartArray() { return open(true); }
  bool EndObject(rapidjson::SizeType) {
    --depth;
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    --depth;
    return true;
  }
};
}  // namespace

namespace {
// The oracle's reading of one runner: labels.scope and labels.scope_name when both are strings (the last
// of duplicated members, as the walker keeps).
gw::runner_labels oracle_labels(const rapidjson::Value& runner) {
  gw::runner_labels out;
  if (!runner.IsObject()) return out;
  const rapidjson::Value* labels = nullptr;
  for (const auto& m : runner.GetObject())
    if (std::string_view(m.name.GetString(), m.name.GetStringLength()) == "labels") labels = &m.value;
  if (!labels || !labels->IsObject()) return out;
  bool scope = false, name = false;
  for (const auto& m : labels->GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    bool is_scope = key == "scope", is_name = key == "scope_name";
    if (!is_scope && !is_name) continue;
    // A non-string value leaves what an earlier member set, as the walker does.
    if (!m.value.IsString()) continue;
    (is_scope ? out.scope : out.scope_name).assign(m.value.GetString(), m.value.GetStringLength());
    (is_scope ? scope : name) = true;
  }
  out.present = scope && name;
  return out;
}

void check_labels(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) return;
  static const gw::grant_set grants({*gw::parse_grant("repo:a/*"), *gw::parse_grant("org:b")});
  if (doc.IsObject()) {
    if (!gw::filter_runner_list(text, grants).array.empty()) __builtin_trap();  // not a list: nothing kept
    auto mine = gw::labels_of_runner(text);
    auto theirs = oracle_labels(doc);
    if (mine.present != theirs.present) __builtin_trap();
    if (mine.present && (mine.scope != theirs.scope || mine.scope_name != theirs.scope_name))
      __builtin_trap();
  } else if (doc.IsArray()) {
    auto kept = gw::filter_runner_list(text, grants);
    if (!kept.valid) __builtin_trap();
    std::size_t expected = 0;
    for (const auto& entry : doc.GetArray()) {
      auto l = oracle_labels(entry);
      expected += l.present && grants.covers(l.scope, l.scope_name);
    }
    if (kept.count != expected) __builtin_trap();
    rapidjson::Document filtered;
    auto kept_json = kept.json(text);
    filtered.Parse(kept_json.data(), kept_json.size());
    if (filtered.HasParseError() || !filtered.IsArray() || filtered.Size() != expected) __builtin_trap();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto mine = gw::scan_untrusted_json(text);

  oracle_handler handler;
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  auto result = reader.Parse<flags>(stream, handler);
  // RapidJSON reads a NUL as the end of the text; JSON text never holds one.
  bool oracle_valid = !result.IsError() && text.find('\0') == std::string_view::npos;
  if (result.Code() == rapidjson::kParseErrorNumberTooBig) return 0;
  if (mine.valid != oracle_valid) __builtin_trap();
  if (mine.valid && (mine.is_array != handler.shape.is_array || mine.is_object != handler.shape.is_object ||
                     mine.top_level_count != handler.shape.top_level_count))
    __builtin_trap();
  if (mine.valid) check_labels(text);
  return 0;
}
