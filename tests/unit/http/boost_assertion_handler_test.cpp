// What a failed BOOST_ASSERT does where assertions are on (the sanitized suite runs these in Debug): one
// wrong check of Boost 1.74's Beast is waived, any other still aborts.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <csignal>
#include <cstdio>
#include <string>

#include "http/boost_assertion_handler.hpp"
#include "http/parse_buffered.hpp"

namespace http = boost::beast::http;

namespace {
// The signal that ended a child running `f`, or 0 if it exited.
template <class F>
int signal_of(F f) {
  pid_t child = ::fork();
  if (child == 0) {
    std::freopen("/dev/null", "w", stderr);  // the expected assertion lines are not the suite's output
    f();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}
}  // namespace

TEST_CASE("Beast reads an empty chunked body whose end comes a byte at a time") {
  http::request_parser<http::string_body> parser;
  boost::beast::flat_buffer buffer;
  boost::beast::error_code ec;
  for (std::string piece : {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n", "X",
                            "-Trailer: 1\r\n", "\r\n"}) {
    buffer.commit(boost::asio::buffer_copy(buffer.prepare(piece.size()), boost::asio::buffer(piece)));
    REQUIRE(gw::parse_buffered(parser, buffer, false, ec));
  }
  CHECK(parser.is_done());
  CHECK(parser.get().body().empty());
}

TEST_CASE("any other failed Boost assertion aborts") {
  CHECK(signal_of([] {
          boost::assertion_failed("n >= 5", "f", "/usr/include/boost/beast/http/impl/basic_parser.ipp", 688);
        }) == 0);
  CHECK(signal_of([] {
          boost::assertion_failed("n >= 3", "f", "boost/beast/http/impl/basic_parser.ipp", 700);
        }) == SIGABRT);
  CHECK(signal_of([] {
          boost::assertion_failed("n >= 5", "f", "boost/beast/http/impl/serializer.ipp", 1);
        }) == SIGABRT);
  CHECK(signal_of([] { boost::assertion_failed_msg("x", "why", "f", "a.cpp", 1); }) == SIGABRT);
}
