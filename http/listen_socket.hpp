// Opening a listening socket from a host name or address and a port, shared by the gateway and the simulator.
#pragma once
#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace gw {

// Resolves `host` if it is not an address literal, then opens, binds and listens. Returns an error line or "".
inline std::string open_listening_socket(boost::asio::ip::tcp::acceptor& acceptor, const std::string& host,
                                         unsigned short port) {
  namespace net = boost::asio;
  using tcp = net::ip::tcp;
  boost::system::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec) {
    tcp::resolver resolver(acceptor.get_executor());
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty()) return "cannot resolve listen address '" + host + "'";
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message();
  return {};
}

}  // namespace gw
