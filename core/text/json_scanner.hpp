// The one-pass scanner behind scan_untrusted_json, with an optional observer of what it reads, so that a
// caller can gather what it needs from untrusted JSON in the same pass that validates it (the per-key runner
// list filter does: core/runners/runner_labels.cpp). Internal to core/.
//
// The scan: one pass over untrusted JSON text (the orchestrator's answers, spliced into our
// envelope as they are), checking RFC 8259 grammar, UTF-8 well-formedness and the nesting cap. Written by
// hand because it runs on every forwarded answer: plain ASCII in strings is skipped eight bytes at a time,
// where a general parser copies and decodes each one (240 ns for a two-runner list, RapidJSON's validating
// reader 1,160 ns). tests/fuzz/fuzz_json_scan.cpp checks it against RapidJSON's validating reader on
// every input.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/text/ascii_text.hpp"
#include "core/text/json_text.hpp"

namespace gw::json_scanning {

using byte = unsigned char;

inline bool is_digit(byte c) {
  return c >= '0' && c <= '9';
}

// Bytes a string may hold as they are: printable ASCII but the quote and the backslash.
constexpr std::array<bool, 256> make_plain_table() {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return table;
}
inline constexpr auto plain_byte = make_plain_table();

// Eight plain bytes at once: no byte below 0x20, none at or above 0x80, no quote and no backslash.
inline bool eight_plain_bytes(const byte* p) {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  auto has_zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  std::uint64_t special = (w & highs) | ((w - ones * 0x20) & ~w & highs) | has_zero_byte(w ^ (ones * '"')) |
                          has_zero_byte(w ^ (ones * '\\'));
  return special == 0;
}

// Calls nothing: the plain validating scan.
struct no_observer {
  static constexpr bool active = false;
  void element_begin(const byte*) {}
  void element_end(const byte*) {}
  void key(std::size_t, const byte*, const byte*, bool) {}
  void string_value(std::size_t, const byte*, const byte*, bool) {}
  void container(std::size_t, bool) {}
  void closed(std::size_t) {}
};

// An observer (see no_observer) hears, as the scan goes: each element of a top-level array (where it begins,
// and the separator or bracket that ends it), each member key and string value (its raw text between the
// quotes, and whether it holds an escape) with the depth it is read at
// (1 = the top-level container's members), and each container value opening (at the depth of the value;
// object or array)
// and closing (with the depth after it). It only hears about text the scan has not refused yet: a caller
// uses what it gathered only when the scan says the whole text is valid.
template <class Observer>
class scanner {
 public:
  scanner(const byte* begin, const byte* end, Observer& observer) : p_(begin), end_(end), obs_(observer) {}

  json_shape run() {
    json_shape shape;
    bool in_object[max_json_depth];
    std::size_t depth = 0;
    skip_whitespace();
    // Each turn reads one value, then whatever closes containers or separates it from the next one.
    for (;;) {
      if (p_ == end_) return {};
      if (depth == 1 && !in_object[0]) {
        ++shape.top_level_count;
        if constexpr (Observer::active) obs_.element_begin(p_);
      }
      byte c = *p_;
      if (c == '{' || c == '[') {
        if (depth == max_json_depth) return {};
        bool object = c == '{';
        if constexpr (Observer::active) obs_.container(depth, object);
        if (depth == 0) (object ? shape.is_object : shape.is_array) = true;
        in_object[depth++] = object;
        ++p_;
        skip_whitespace();
        if (p_ != end_ && *p_ == (object ? '}' : ']')) {
          ++p_;
          --depth;
          if constexpr (Observer::active) obs_.closed(depth);
        } else if (object) {
          if (depth == 1) ++shape.top_level_count;
          if (!member_key(depth)) return {};
          continue;
        } else {
          continue;
        }
      } else if (!scalar(depth)) {
        return {};
      }
      // After a value: close what ends here, then expect a separator or the end of the text.
      for (;;) {
        skip_whitespace();
        if (depth == 0) {
          if (p_ != end_) return {};
          shape.valid = true;
          return shape;
        }
        if (p_ == end_) return {};
        if constexpr (Observer::active)
          if (depth == 1 && !in_object[0] && (*p_ == ',' || *p_ == ']')) obs_.element_end(p_);
        byte next = *p_++;
        if (next == (in_object[depth - 1] ? '}' : ']')) {
          --depth;
          if constexpr (Observer::active) obs_.closed(depth);
          continue;
        }
        if (next != ',') return {};
        skip_whitespace();
        if (in_object[depth - 1]) {
          if (depth == 1) ++shape.top_level_count;
          if (!member_key(depth)) return {};
        }
        break;
      }
    }
  }

 private:
  void skip_whitespace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // A key, the colon after it and the whitespace before the value.
  [[gnu::always_inline]] bool member_key(std::size_t depth) {
    const byte* key = p_ + 1;
    if (p_ == end_ || *p_ != '"' || !string()) return false;
    if constexpr (Observer::active) obs_.key(depth, key, p_ - 1, escaped_);
    skip_whitespace();
    if (p_ == end_ || *p_ != ':') return false;
    ++p_;
    skip_whitespace();
    return true;
  }

  [[gnu::always_inline]] bool scalar(std::size_t depth) {
    switch (*p_) {
      case '"': {
        const byte* value = p_ + 1;
        if (!string()) return false;
        if constexpr (Observer::active) obs_.string_value(depth, value, p_ - 1, escaped_);
        return true;
      }
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

  bool literal(const char* word) {
    for (; *word; ++word, ++p_)
      if (p_ == end_ || *p_ != static_cast<byte>(*word)) return false;
    return true;
  }

  bool digits() {
    if (p_ == end_ || !is_digit(*p_)) return false;
    while (p_ != end_ && is_digit(*p_)) ++p_;
    return true;
  }

  bool number() {
    if (*p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0')
      ++p_;
    else if (!digits())
      return false;
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!digits()) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return false;
    }
    return true;
  }

  bool hex4(unsigned& value) {
    if (end_ - p_ < 4) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = hex_digit_value(static_cast<char>(*p_++));
      if (digit < 0) return false;
      value = value << 4 | static_cast<unsigned>(digit);
    }
    return true;
  }

  bool escape() {  // after the backslash
    if (p_ == end_) return false;
    switch (*p_++) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return true;
      case 'u': {
        unsigned unit = 0;
        if (!hex4(unit)) return false;
        if (unit < 0xD800 || unit > 0xDBFF) return true;
        // A high surrogate must be followed by an escaped low one.
        unsigned low = 0;
        if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
        p_ += 2;
        return hex4(low) && low >= 0xDC00 && low <= 0xDFFF;
      }
      default:
        return false;
    }
  }

  // One UTF-8 sequence of 2-4 bytes, as RFC 3629 allows (no overlong forms, surrogates or > U+10FFFF).
  bool multibyte() {
    byte lead = *p_++;
    int tail;
    byte low = 0x80, high = 0xBF;  // the allowed range of the first continuation byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      tail = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      tail = 2;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      tail = 3;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (end_ - p_ < tail) return false;
    if (*p_ < low || *p_ > high) return false;
    ++p_;
    for (int i = 1; i < tail; ++i, ++p_)
      if (*p_ < 0x80 || *p_ > 0xBF) return false;
    return true;
  }

  [[gnu::always_inline]] bool string() {  // at the opening quote
    ++p_;
    if constexpr (Observer::active) escaped_ = false;
    for (;;) {
      while (end_ - p_ >= 8 && eight_plain_bytes(p_)) p_ += 8;
      while (p_ != end_ && plain_byte[*p_]) ++p_;
      if (p_ == end_) return false;
      byte c = *p_;
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        ++p_;
        if constexpr (Observer::active) escaped_ = true;
        if (!escape()) return false;
      } else if (c < 0x20 || !multibyte()) {
        return false;
      }
    }
  }

  const byte* p_;
  const byte* end_;
  Observer& obs_;
  bool escaped_ = false;  // whether the last string read held an escape (told to the observer)
};

template <class Observer>
json_shape scan(std::string_view text, Observer& observer) {
  auto begin = reinterpret_cast<const byte*>(text.data());
  return scanner<Observer>(begin, begin + text.size(), observer).run();
}

}  // namespace gw::json_scanning
