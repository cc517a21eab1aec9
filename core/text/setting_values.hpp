// How one setting's text is read, for every unit that declares settings (core/config and the concerns'
// own tables): the row a setting is declared in, and the number parsers all of them share.
#pragma once
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text/ascii_text.hpp"

namespace gw {

// One setting, declared once: its variable (the flag is its name in lower case with '-' for '_'), its
// default as --help shows it, its help line, and how its text is applied ("" or why it is invalid).
template <class Settings>
struct setting_row {
  const char* env;
  const char* default_text;
  const char* help;
  std::string (*apply)(Settings& settings, const char* env, const std::string& value);
};

inline bool parse_setting_integer(std::string_view text, long long min, long long max, long long& out) {
  auto value = parse_decimal(text, max);
  if (!value || *value < min) return false;
  out = *value;
  return true;
}

inline bool parse_setting_seconds(const std::string& text, double min, double max, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(out)) return false;
  return out >= min && out <= max;
}

// "NAME=VALUE is invalid: expected ..." (never for a secret's value: see its own row).
inline std::string invalid_setting(const char* name, const std::string& value, const std::string& expected) {
  return std::string(name) + "=" + value + " is invalid: expected " + expected;
}

// The common rows' applications: a whole number or a number of seconds within bounds, else why not.
template <class Number>
std::string set_whole(Number& field, const char* name, const std::string& value, long long min, long long max,
                      const char* expected) {
  long long n = 0;
  if (!parse_setting_integer(value, min, max, n)) return invalid_setting(name, value, expected);
  field = static_cast<Number>(n);
  return {};
}

inline std::string set_seconds(double& field, const char* name, const std::string& value, double min,
                               double max, const char* expected) {
  if (!parse_setting_seconds(value, min, max, field)) return invalid_setting(name, value, expected);
  return {};
}

}  // namespace gw
