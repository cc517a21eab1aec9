#include <catch2/catch.hpp>

#include <regex>

#include "core/protocol/trace_context.hpp"

using namespace gw;

namespace {
const std::regex traceparent_shape("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
}

TEST_CASE("a valid traceparent is continued: its trace id and flags") {
  std::string id, flags;
  CHECK(assign_trace(id, flags, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  CHECK(id == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(flags == "01");
  // A later version is read by its version-00 fields, whatever follows them.
  CHECK(assign_trace(id, flags, "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-what-comes-next"));
  CHECK(flags == "00");
}

TEST_CASE("an invalid traceparent starts a new trace") {
  for (const char* bad : {"", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
                          "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}) {
    INFO(bad);
    std::string id, flags;
    CHECK_FALSE(assign_trace(id, flags, bad));
    CHECK(std::regex_match(child_traceparent(id, flags), traceparent_shape));
    CHECK(flags == "01");
    CHECK(id != "00000000000000000000000000000000");
  }
  std::string a, b, flags;
  assign_trace(a, flags, "");
  assign_trace(b, flags, "");
  CHECK(a != b);
}

TEST_CASE("each call to the orchestrator is a new span of the request's trace") {
  auto first = child_traceparent("4bf92f3577b34da6a3ce929d0e0e4736", "01");
  auto second = child_traceparent("4bf92f3577b34da6a3ce929d0e0e4736", "01");
  CHECK(std::regex_match(first, traceparent_shape));
  CHECK(first.substr(0, 36) == "00-4bf92f3577b34da6a3ce929d0e0e4736-");
  CHECK(first != second);
  CHECK(first.substr(36, 16) != "00f067aa0ba902b7");
  CHECK(trace_id_of(first) == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(trace_id_of("") == "");
}

TEST_CASE("tracestate is passed on only when it is W3C's list: keys, values, at most 32, none twice") {
  CHECK(is_acceptable_tracestate("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,,tenant1@vendor=x y"));
  CHECK(is_acceptable_tracestate("a*b/c_d-e=1"));
  for (const char* bad : {"Rojo=1", "rojo", "=1", "rojo=", "rojo=a=b", "rojo=1,rojo=2", "1abc=x",
                          "t@Vendor=x", "t@=x", "@v=x", "t@averylongvendor=x", ",, ,"})
    CHECK_FALSE(is_acceptable_tracestate(bad));
  std::string many;
  for (int i = 0; i < 33; ++i) many += (i ? ",k" : "k") + std::to_string(i) + "=v";
  CHECK_FALSE(is_acceptable_tracestate(many));
  CHECK(is_acceptable_tracestate(many.substr(0, many.rfind(','))));
  CHECK(is_acceptable_tracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
  CHECK_FALSE(is_acceptable_tracestate(""));
  CHECK_FALSE(is_acceptable_tracestate("a=b\r\nX-Evil: 1"));
  CHECK_FALSE(is_acceptable_tracestate(std::string(513, 'a')));
}
