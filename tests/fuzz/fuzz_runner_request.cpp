// libFuzzer target: create-body validation and the handling of orchestrator answers. Besides "no crash,
// no leak, no UB", it checks properties: an accepted body is rebuilt into a canonical object with only the
// six contract fields, and the one-pass scan agrees with the DOM parse (but on numbers too large for a
// double, which only the DOM parse refuses).
#include <rapidjson/document.h>

#include <cstdint>
#include <string>

#include "core/runners/runner_lists.hpp"
#include "core/runners/runner_request.hpp"
#include "core/runners/upstream_answers.hpp"
#include "core/runners/upstream_calls.hpp"
#include "core/text/json_text.hpp"

namespace {
// Whether RapidJSON could refuse a number in `text` as too big (it holds an exponent or a long digit run).
bool number_too_big_possible(const std::string& text) {
  std::size_t run = 0;
  for (char c : text) {
    if (c == 'e' || c == 'E') return true;
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run > 300) return true;
  }
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);

  auto verdict = gw::validate_runner_request(body);
  if (verdict.ok) {
    rapidjson::Document doc;
    doc.Parse(verdict.canonical_body.c_str(), verdict.canonical_body.size());
    if (!doc.IsObject() || doc.MemberCount() != 6) __builtin_trap();
    std::string scope = doc["scope"].GetString();
    if (scope != "repo" && scope != "org") __builtin_trap();
    if (!doc["count"].IsInt() || doc["count"].GetInt() < 1 || doc["count"].GetInt() > 10) __builtin_trap();
  } else if (verdict.message.empty()) {
    __builtin_trap();
  }

  rapidjson::Document doc;
  bool parsed = gw::parse_untrusted_json(doc, body);
  auto shape = gw::scan_untrusted_json(body);
  // The one allowed difference: the scanner accepts numbers too large for a double, as the grammar does.
  bool number_too_big = !parsed && doc.GetParseError() == rapidjson::kParseErrorNumberTooBig;
  if (parsed != shape.valid && !number_too_big) __builtin_trap();
  if (parsed && (doc.IsArray() != shape.is_array || doc.IsObject() != shape.is_object)) __builtin_trap();
  if (parsed && doc.IsArray() && doc.Size() != shape.top_level_count) __builtin_trap();

  for (auto kind :
       {gw::route_kind::create_runners, gw::route_kind::list_runners, gw::route_kind::runner_status,
        gw::route_kind::destroy_runner, gw::route_kind::cleanup_runners}) {
    for (unsigned status : {200u, 404u, 503u}) {
      auto reply = gw::reply_for_outcome(kind, "runner-1", {gw::upstream_failure::none, status, body});
      rapidjson::Document envelope;
      envelope.Parse(reply.body.c_str(), reply.body.size());
      // An answer holding a number beyond a double's range is spliced as the orchestrator wrote it: valid
      // JSON text that RapidJSON alone refuses to convert.
      if (envelope.GetParseError() == rapidjson::kParseErrorNumberTooBig && number_too_big_possible(body))
        continue;
      if (!envelope.IsObject() || !envelope.HasMember("status")) __builtin_trap();
    }
  }
  return 0;
}
