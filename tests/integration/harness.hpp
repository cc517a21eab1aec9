// Test harness: real processes on loopback ports and a small blocking HTTP client.
#pragma once
#include <chrono>
#include <csignal>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace harness {

using namespace std::chrono_literals;
using headers = std::vector<std::pair<std::string, std::string>>;

struct response {
  int status = 0;                              // 0: no answer (connection failed or timed out)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

response request(unsigned short port, const std::string& method, const std::string& target,
                 const std::string& body = {}, const headers& extra = {},
                 std::chrono::milliseconds timeout = 10s);

// Sends raw bytes and returns whatever comes back until the peer closes or `timeout` passes.
std::string raw_exchange(unsigned short port, const std::string& bytes,
                         std::chrono::milliseconds timeout = 5s);

// Sends `bytes` one CRLF-terminated line at a time, `interval` apart, and returns how long it took the
// server to close the connection (or the whole sending time if it never did).
std::chrono::milliseconds slow_send(unsigned short port, const std::string& bytes,
                                    std::chrono::milliseconds interval);

// Sends one request, reads its answer, then returns how long the server kept the idle connection open
// (capped at `limit`).
std::chrono::milliseconds idle_close_after(unsigned short port, const std::string& request,
                                           std::chrono::milliseconds limit);

// A directory of its own per test, removed at the end.
struct temp_dir {
  temp_dir();
  ~temp_dir();
  std::string file(const std::string& name) const { return path + "/" + name; }
  std::string path;
};

// Replaces the file as editors and config tools do: a new file renamed over the old one.
void replace_file(const std::string& path, const std::string& contents);

// Authorization: Bearer KEY, and Content-Type: application/json.
headers bearer(const std::string& key);

// A connected, idle TCP connection, closed when destroyed.
class held_connection {
 public:
  explicit held_connection(unsigned short port);
  held_connection(held_connection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  held_connection& operator=(held_connection&&) = delete;
  ~held_connection();
  int fd() const { return fd_; }
  // Sends bytes and returns what arrives within `wait` (the connection stays open).
  std::string exchange(const std::string& bytes, std::chrono::milliseconds wait);
  void send(const std::string& bytes);

 private:
  int fd_ = -1;
};

// True if a TCP connection to the port is accepted.
bool can_connect(unsigned short port);

unsigned short free_port();

// Fails the current test if `output` holds an AddressSanitizer, LeakSanitizer, UBSan or TSan report.
void check_no_sanitizer_report(const std::string& who, const std::string& output);

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

class process {
 public:
  process(const std::string& binary, const std::vector<std::string>& args,
          const std::map<std::string, std::string>& env);
  ~process();
  process(const process&) = delete;
  process& operator=(const process&) = delete;

  void signal(int signo);
  int pid() const { return pid_; }
  long rss_kib() const;  // resident set size now, from /proc
  // Exit code once it has exited within `timeout`; nullopt if still running.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string output() const;  // stdout and stderr so far
  bool running();

 private:
  int pid_ = -1;
  std::optional<int> exit_code_;
  std::string log_path_;
};

// gha-orchestrator-sim on a free port, with its control port beside it.
class simulator {
 public:
  explicit simulator(std::vector<std::string> extra_args = {}, unsigned short port = 0);
  ~simulator();
  unsigned short port() const { return port_; }
  void stop();
  void restart();
  void add_fault(const std::string& json);
  void set_runner_status(const std::string& id, const std::string& status);
  // As after a restart of the real orchestrator (--manners=real): every destroy is looked up by substring.
  void forget_created();
  // Every container's name the simulator holds (runners and, with --manners=real, bystanders).
  std::vector<std::string> containers();
  // The requests the orchestrator port received.
  struct logged {
    std::string method, target, body, user_agent, content_type, request_id, traceparent, tracestate;
  };
  std::vector<logged> requests();
  std::vector<logged> requests_except_health();
  void clear_requests();

 private:
  void start();
  unsigned short port_, control_port_;
  std::vector<std::string> extra_args_;
  std::unique_ptr<process> proc_;
};

// Debian's redis-server on a free loopback port (no persistence), its own process: killed, paused and
// restarted on the same port by the tests.
class redis_server {
 public:
  explicit redis_server(std::vector<std::string> extra_args = {});
  ~redis_server();
  unsigned short port() const { return port_; }
  std::string url(const std::string& credentials = {}, int database = 0,
                  const std::string& host = "127.0.0.1") const;
  void kill();                              // SIGKILL: gone at once, as a crash
  void restart();                           // killed if running, then started again on the same port (empty)
  void pause() { proc_->signal(SIGSTOP); }  // still accepts, never answers
  // redis-cli's output for these arguments (space-separated words) against this server.
  std::string cli(const std::string& args) const;
  void resume() { proc_->signal(SIGCONT); }

 private:
  void start();
  unsigned short port_;
  std::vector<std::string> extra_args_;
  std::unique_ptr<process> proc_;
};

// How many of `log` have `method` and, unless it is empty, exactly `target`.
std::size_t count_requests(const std::vector<simulator::logged>& log, const std::string& method,
                           const std::string& target = {});

// gha-gateway on a free port, pointed at `orchestrator_port`, with fast test timings unless overridden.
class gateway {
 public:
  explicit gateway(unsigned short orchestrator_port, std::map<std::string, std::string> env = {});
  ~gateway();  // SIGTERM, then fails the test if the process printed a sanitizer report
  unsigned short port() const { return port_; }
  // METRICS_PORT, which the harness sets (a test may set it to 0: then none).
  unsigned short metrics_port() const { return metrics_port_; }
  process& proc() { return *proc_; }
  response get(const std::string& target, const headers& extra = {}) {
    return request(port_, "GET", target, {}, extra);
  }
  response post(const std::string& target, const std::string& body,
                const headers& extra = {{"Content-Type", "application/json"}}) {
    return request(port_, "POST", target, body, extra);
  }
  response del(const std::string& target) { return request(port_, "DELETE", target); }
  // Waits until the health endpoint reports the given orchestrator state.
  bool wait_for_orchestrator(const std::string& state, std::chrono::milliseconds timeout = 10s);

 private:
  unsigned short port_, metrics_port_;
  std::unique_ptr<process> proc_;
};

// JSON helpers for assertions.
std::string json_string(const std::string& json, const std::string& pointer);  // "" if absent or not a string
// Samples of the gateway's /metrics, "name{labels}" -> value; every line must be a comment or a sample.
std::map<std::string, double> scrape(gateway& gw);
long long json_int(const std::string& json, const std::string& pointer);  // -1 if absent
bool json_is(const std::string& json, const std::string& pointer,
             const std::string& kind);  // null|array|object|bool|string|number
std::size_t json_size(const std::string& json, const std::string& pointer);  // array size, 0 if not an array
bool is_timestamp(const std::string& text);

}  // namespace harness
