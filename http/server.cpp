#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/connection_registry.hpp"
#include "http/listen_socket.hpp"
#include "http/session.hpp"

namespace gw {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using acceptor_type = net::basic_socket_acceptor<tcp, net::io_context::executor_type>;

namespace {

constexpr std::size_t loopback_reserve = 16;

bool from_loopback(const session::socket_type& socket) {
  boost::system::error_code ec;
  auto address = socket.remote_endpoint(ec).address();
  if (ec) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) address = address.to_v6().to_v4();
  return address.is_loopback();
}

// One acceptor, on the first I/O thread, handing connections to the I/O threads in turn: each thread
// gets the same number of connections (SO_REUSEPORT's hash leaves them uneven by a fifth or more with a
// few dozen clients, and the busier thread then sets the tail latency).
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(std::vector<worker_binding> workers, std::shared_ptr<connection_registry> shared,
           bool metrics_only)
      : acceptor_(workers.front().context->get_executor()),
        retry_timer_(*workers.front().context),
        registry_(std::move(shared)),
        workers_(std::move(workers)),
        metrics_only_(metrics_only) {
    for (auto& w : workers_) deadlines_.push_back(&net::use_service<deadline_service>(*w.context));
  }

  std::string open(const std::string& host, unsigned short port) {
    return open_listening_socket(acceptor_, host, port);
  }

  void run() { do_accept(); }

  void stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ec;
      self->retry_timer_.cancel();
      self->acceptor_.close(ec);
    });
  }

 private:
  void do_accept() {
    auto worker = next_worker_;
    next_worker_ = (next_worker_ + 1) % workers_.size();
    acceptor_.async_accept(
        *workers_[worker].context,
        [self = shared_from_this(), worker](boost::system::error_code ec, session::socket_type socket) {
          if (!self->acceptor_.is_open() || self->registry_->draining) return;
          if (ec) {
            // Out of descriptors or a transient error: back off instead of spinning.
            spdlog::warn("accept failed: {}", ec.message());
            self->retry_timer_.expires_after(std::chrono::milliseconds(50));
            self->retry_timer_.async_wait([self](boost::system::error_code) {
              if (self->acceptor_.is_open()) self->do_accept();
            });
            return;
          }
          // The connection is taken up on its own thread: its socket and deadline are that thread's alone.
          net::post(socket.get_executor(), [self, worker, socket = std::move(socket)]() mutable {
            self->admit(worker, std::move(socket));
          });
          self->do_accept();
        });
  }

  void admit(std::size_t worker, session::socket_type socket) {
    if (registry_->draining) return;
    auto open = registry_->connections.load(std::memory_order_relaxed);
    // Past the cap only loopback gets in, into a small reserve and for health probes only: the
    // container's own probe must be answered however many connections others hold.
    bool probes_only = open >= registry_->settings.max_connections;
    bool refused = probes_only &&
                   (open >= registry_->settings.max_connections + loopback_reserve || !from_loopback(socket));
    boost::system::error_code opt_ec;
    socket.set_option(tcp::no_delay(true), opt_ec);
    auto s = std::make_shared<session>(std::move(socket), *deadlines_[worker], registry_,
                                       registry_->dispatch[worker]);
    if (metrics_only_) s->serve_metrics_only();
    if (refused)
      s->serve_refusal_only();
    else if (probes_only)
      s->serve_probes_only();
    else if (!s->take_client_slot())  // one address may not take every connection
      s->serve_refusal_only();
    s->start();
  }

  acceptor_type acceptor_;
  net::steady_timer retry_timer_;
  std::shared_ptr<connection_registry> registry_;
  std::vector<worker_binding> workers_;
  std::vector<deadline_service*> deadlines_;
  std::size_t next_worker_ = 0;
  bool metrics_only_;
};

}  // namespace

http_server::http_server(server_settings settings) : registry_(std::make_shared<connection_registry>()) {
  registry_->settings = std::move(settings);
}

http_server::~http_server() = default;

std::string http_server::listen(const std::string& host, unsigned short port,
                                std::vector<worker_binding> workers) {
  for (const auto& w : workers) registry_->dispatch.push_back(w.dispatch);
  workers_ = workers;
  auto l = std::make_shared<listener>(std::move(workers), registry_, false);
  if (auto err = l->open(host, port); !err.empty()) return err;
  l->run();
  listener_ = std::move(l);
  return {};
}

std::string http_server::listen_metrics(const std::string& host, unsigned short port) {
  auto l = std::make_shared<listener>(workers_, registry_, true);
  if (auto err = l->open(host, port); !err.empty()) return err;
  l->run();
  metrics_listener_ = std::move(l);
  return {};
}

void http_server::begin_shutdown() {
  registry_->draining = true;
  for (auto* l : {&listener_, &metrics_listener_})
    if (*l) std::static_pointer_cast<listener>(*l)->stop();
  std::vector<std::shared_ptr<drainable_connection>> live;
  {
    std::lock_guard<std::mutex> lock(registry_->sessions_mutex);
    for (auto& [ptr, weak] : registry_->sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->close_if_idle();
}

std::size_t http_server::requests_in_flight() const {
  return registry_->in_flight.load();
}

const std::atomic<std::size_t>& http_server::in_flight_counter() const {
  return registry_->in_flight;
}

std::size_t http_server::pending_answer_bytes() const {
  return registry_->pending_answer_bytes.load();
}

std::size_t http_server::open_connections() const {
  return registry_->open_connections();
}

}  // namespace gw
