// The handler of failed BOOST_ASSERTs where assertions are on (see boost_assertion_handler.cpp). Boost
// declares these only in such builds; declared here for every build, so they can be tested in any.
#pragma once

namespace boost {
void assertion_failed(const char* expr, const char* function, const char* file, long line);
void assertion_failed_msg(const char* expr, const char* msg, const char* function, const char* file,
                          long line);
}  // namespace boost
