// gw-bench-client: the benchmark's own load generator for what wrk cannot measure.
//   rate: a fixed request rate over keep-alive connections; latency counts from each request's *scheduled*
//         send time, so a slow server cannot hide its queueing (no coordinated omission).
//   hold: opens N connections, makes one request on each, and keeps them all open for a while.
//   hmac: the time of one HMAC-SHA256 over N bytes (the webhook scenario's signature share).
// Prints one JSON object on stdout.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

struct options {
  std::string mode = "rate";
  unsigned short port = 8080;
  std::string path = "/healthz";
  std::string method = "GET";
  std::string body;
  double rate = 1000;
  double seconds = 5;
  int connections = 16;
};

struct stats {
  std::vector<double> latencies_us;
  std::map<unsigned, long> statuses;
  long errors = 0;
  long sent = 0;
};

std::string request_bytes(const options& o) {
  std::string r = o.method + " " + o.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!o.body.empty() || o.method == "POST")
    r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(o.body.size()) + "\r\n";
  return r + "\r\n" + o.body;
}

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(net::io_context& ioc, const options& o, stats& s, const std::string& req)
      : socket_(ioc), options_(o), stats_(s), request_(req) {}

  void open(std::function<void(bool)> done) {
    socket_.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), options_.port),
                          [self = shared_from_this(), done](boost::system::error_code ec) {
                            if (!ec) self->socket_.set_option(tcp::no_delay(true));
                            done(!ec);
                          });
  }

  // Queue a request that should have been sent at `scheduled`.
  void enqueue(clock_type::time_point scheduled) {
    queue_.push_back(scheduled);
    if (!busy_) send_next();
  }

  void request_once(std::function<void(bool)> done) {
    done_once_ = std::move(done);
    enqueue(clock_type::now());
  }

  bool alive() const { return alive_; }

 private:
  void send_next() {
    if (queue_.empty() || !alive_) return;
    busy_ = true;
    ++stats_.sent;
    net::async_write(socket_, net::buffer(request_),
                     [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                       if (ec) return self->fail();
                       self->parser_.emplace();
                       self->parser_->body_limit(64 * 1024 * 1024);
                       http::async_read(
                           self->socket_, self->buffer_, *self->parser_,
                           [self](boost::system::error_code ec, std::size_t) { self->on_response(ec); });
                     });
  }

  void on_response(boost::system::error_code ec) {
    if (ec) return fail();
    auto scheduled = queue_.front();
    queue_.pop_front();
    auto us = std::chrono::duration<double, std::micro>(clock_type::now() - scheduled).count();
    stats_.latencies_us.push_back(us);
    ++stats_.statuses[parser_->get().result_int()];
    busy_ = false;
    if (done_once_) {
      auto d = std::move(done_once_);
      done_once_ = nullptr;
      d(true);
    }
    if (!parser_->get().keep_alive()) return fail();
    send_next();
  }

  void fail() {
    if (!alive_) return;
    alive_ = false;
    stats_.errors += static_cast<long>(std::max<std::size_t>(queue_.size(), 1));
    queue_.clear();
    boost::system::error_code ignored;
    socket_.close(ignored);
    if (done_once_) {
      auto d = std::move(done_once_);
      done_once_ = nullptr;
      d(false);
    }
  }

  tcp::socket socket_;
  const options& options_;
  stats& stats_;
  const std::string& request_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  std::deque<clock_type::time_point> queue_;
  bool busy_ = false;
  bool alive_ = true;
  std::function<void(bool)> done_once_;
};

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto idx = static_cast<std::size_t>(std::min<double>(sorted.size() - 1, p / 100.0 * sorted.size()));
  return sorted[idx];
}

void print_report(const options& o, stats& s, double elapsed, long opened = -1) {
  std::sort(s.latencies_us.begin(), s.latencies_us.end());
  std::printf(
      "{\"mode\":\"%s\",\"sent\":%ld,\"answered\":%zu,\"errors\":%ld,\"elapsed_s\":%.3f,\"rps\":%.1f,",
      o.mode.c_str(), s.sent, s.latencies_us.size(), s.errors, elapsed,
      elapsed > 0 ? s.latencies_us.size() / elapsed : 0.0);
  if (opened >= 0) std::printf("\"opened\":%ld,", opened);
  std::printf("\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,\"max_us\":%.1f,\"statuses\":{",
              percentile(s.latencies_us, 50), percentile(s.latencies_us, 99),
              percentile(s.latencies_us, 99.9), s.latencies_us.empty() ? 0.0 : s.latencies_us.back());
  bool first = true;
  for (auto& [code, n] : s.statuses) {
    std::printf("%s\"%u\":%ld", first ? "" : ",", code, n);
    first = false;
  }
  std::printf("}}\n");
}

void run_rate(const options& o) {
  net::io_context ioc;
  stats s;
  std::string req = request_bytes(o);
  std::vector<std::shared_ptr<connection>> conns;
  int opened = 0;
  for (int i = 0; i < o.connections; ++i) {
    conns.push_back(std::make_shared<connection>(ioc, o, s, req));
    conns.back()->open([&](bool ok) { opened += ok; });
  }
  ioc.run();
  ioc.restart();
  if (opened == 0) {
    s.errors = 1;
    print_report(o, s, 0);
    return;
  }
  auto interval = std::chrono::duration<double>(1.0 / o.rate);
  auto total = static_cast<long>(o.rate * o.seconds);
  auto start = clock_type::now();
  net::steady_timer timer(ioc);
  long issued = 0;
  std::function<void()> tick = [&] {
    auto now = clock_type::now();
    // Issue every request whose scheduled time has come, each stamped with that time.
    while (issued < total) {
      auto when = start + std::chrono::duration_cast<clock_type::duration>(interval * issued);
      if (when > now) break;
      auto& c = conns[static_cast<std::size_t>(issued) % conns.size()];
      if (c->alive())
        c->enqueue(when);
      else
        ++s.errors;
      ++issued;
    }
    if (issued < total) {
      timer.expires_at(start + std::chrono::duration_cast<clock_type::duration>(interval * issued));
      timer.async_wait([&](boost::system::error_code) { tick(); });
    }
  };
  tick();
  ioc.run_for(
      std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(o.seconds + 10)));
  double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
  print_report(o, s, std::min(elapsed, o.seconds));
}

void run_hold(const options& o) {
  net::io_context ioc;
  stats s;
  std::string req = "GET " + o.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  std::vector<std::shared_ptr<connection>> conns;
  long opened = 0;
  auto start = clock_type::now();
  // Open in batches so the listen backlog is not the thing being measured.
  const int batch = 500;
  for (int base = 0; base < o.connections; base += batch) {
    for (int i = base; i < std::min(o.connections, base + batch); ++i) {
      auto c = std::make_shared<connection>(ioc, o, s, req);
      conns.push_back(c);
      c->open([&, c](bool ok) {
        if (!ok) {
          ++s.errors;
          return;
        }
        ++opened;
        c->request_once([](bool) {});
      });
    }
    ioc.run();
    ioc.restart();
  }
  std::printf("{\"mode\":\"hold-ready\",\"opened\":%ld,\"answered\":%zu}\n", opened, s.latencies_us.size());
  std::fflush(stdout);
  net::steady_timer hold(
      ioc, std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(o.seconds)));
  hold.wait();
  double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
  print_report(o, s, elapsed, opened);
}

}  // namespace

// --mode=hmac: the time of one HMAC-SHA256 (OpenSSL, as the gateway computes it) over `bytes` bytes, for
// the webhook scenario's share of the signature check.
void run_hmac(std::size_t bytes) {
  std::string body(bytes, 'x');
  std::string key = "bench-webhook-secret-0123456789";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  constexpr int rounds = 20000;
  auto start = clock_type::now();
  for (int i = 0; i < rounds; ++i) {
    body[static_cast<std::size_t>(i) % bytes] = static_cast<char>('a' + i % 26);
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &length);
  }
  double us = std::chrono::duration<double, std::micro>(clock_type::now() - start).count() / rounds;
  std::printf("{\"mode\":\"hmac\",\"bytes\":%zu,\"us_per_hmac\":%.3f}\n", bytes, us);
}

int main(int argc, char** argv) {
  options o;
  std::size_t hmac_bytes = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto eq = a.find('=');
    std::string k = a.substr(0, eq), v = eq == std::string::npos ? "" : a.substr(eq + 1);
    if (k == "--mode")
      o.mode = v;
    else if (k == "--port")
      o.port = static_cast<unsigned short>(std::atoi(v.c_str()));
    else if (k == "--path")
      o.path = v;
    else if (k == "--method")
      o.method = v;
    else if (k == "--body")
      o.body = v;
    else if (k == "--rate")
      o.rate = std::atof(v.c_str());
    else if (k == "--seconds")
      o.seconds = std::atof(v.c_str());
    else if (k == "--connections")
      o.connections = std::atoi(v.c_str());
    else if (k == "--bytes")
      hmac_bytes = static_cast<std::size_t>(std::atol(v.c_str()));
    else {
      std::fprintf(
          stderr,
          "usage: gw-bench-client --mode=rate|hold --port=N [--path=/x --method=GET --body=JSON --rate=R "
          "--seconds=S --connections=C] | --mode=hmac --bytes=N\n");
      return 2;
    }
  }
  if (o.mode == "hmac") {
    if (hmac_bytes == 0) return 2;
    run_hmac(hmac_bytes);
    return 0;
  }
  if (o.rate <= 0 || o.seconds <= 0 || o.connections <= 0) return 2;
  if (o.mode == "hold")
    run_hold(o);
  else
    run_rate(o);
  return 0;
}
