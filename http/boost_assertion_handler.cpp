// What a failed BOOST_ASSERT does in builds with assertions on (Debug, the sanitized suite, the fuzzers):
// print it and abort, as assert() does, except for one check in Boost 1.74's Beast that is wrong. Release
// builds define NDEBUG and never come here (BOOST_ENABLE_ASSERT_DEBUG_HANDLER, set in CMakeLists.txt).
#include "http/boost_assertion_handler.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool ends_with(const char* text, const char* tail) {
  auto n = std::strlen(text), m = std::strlen(tail);
  return n >= m && std::strcmp(text + n - m, tail) == 0;
}

// Beast's chunk-header parser asserts that a last chunk it has seen without its end ("0\r\n" and no empty
// line yet) comes back with 5 bytes or more. That holds after a chunk (the CRLF before "0" counts) but not
// for an empty body: "0\r\n" then one more byte is 4, valid, and what follows the check handles it (it
// looks for the end again and asks for more). A client sending that would abort the process. Fixed
// upstream in Beast PR 2861 (May 2024).
bool is_beast_short_last_chunk_check(const char* expr, const char* file) {
  return std::strcmp(expr, "n >= 5") == 0 && ends_with(file, "boost/beast/http/impl/basic_parser.ipp");
}

}  // namespace

namespace boost {

void assertion_failed(const char* expr, const char* function, const char* file, long line) {
  if (is_beast_short_last_chunk_check(expr, file)) return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
  std::abort();
}

void assertion_failed_msg(const char* expr, const char* msg, const char* function, const char* file,
                          long line) {
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr, msg);
  std::abort();
}

}  // namespace boost
