// Feeding the bytes already read to a Beast parser, in place: the client's request in the session and
// the orchestrator's answer in the upstream client go through the same loop.
#pragma once
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

namespace gw {

// Puts what `buffer` holds into `parser` and consumes what it takes: the head only (`head_only`), or up to
// the end of the message. Running short of bytes is not an error (the caller reads more); false means a
// parse error, in `ec`.
template <class Parser>
bool parse_buffered(Parser& parser, boost::beast::flat_buffer& buffer, bool head_only,
                    boost::beast::error_code& ec) {
  parser.eager(!head_only);
  while (buffer.size() > 0 && !parser.is_done()) {
    auto used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == boost::beast::http::error::need_more) {
      ec = {};
      return true;
    }
    if (ec) return false;
    if (used == 0 || (head_only && parser.is_header_done())) break;
  }
  return true;
}

}  // namespace gw
