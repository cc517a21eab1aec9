// libFuzzer target: the hand-written JSON scanner against RapidJSON's validating reader (the oracle). Both
// must agree on validity, the top-level kind and the top-level count, for any bytes; the one difference
// allowed is a number too large for a double, which RapidJSON refuses and the JSON grammar allows.
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <string_view>

#include "core/json_text.hpp"

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
  return 0;
}
