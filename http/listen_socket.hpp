// Opening a listening socket from a host name or address and a port, shared by the gateway and the simulator.
#pragma once
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace gw {

// Resolves `host` if it is not an address literal, then opens, binds and listens. With `reuse_port`,
// several acceptors (one per I/O thread) share the port and the kernel spreads connections among them.
// Returns an error line or "".
template <class Acceptor>
std::string open_listening_socket(Acceptor& acceptor, const std::string& host, unsigned short port,
                                  bool reuse_port = false) {
  namespace net = boost::asio;
  using tcp = net::ip::tcp;
  boost::system::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec) {
    net::ip::basic_resolver<tcp, typename Acceptor::executor_type> resolver(acceptor.get_executor());
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty()) return "cannot resolve listen address '" + host + "'";
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec && reuse_port) {
    int one = 1;
    if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
      return "cannot set SO_REUSEPORT on " + host + ":" + std::to_string(port);
  }
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message();
  return {};
}

}  // namespace gw
