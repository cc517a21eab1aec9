#include "harness.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace harness {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

namespace {
int connect_raw(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads until the peer closes or `deadline` passes (Asio's blocking reads ignore SO_RCVTIMEO, so
// every read here is a poll with a deadline).
std::string read_until_close(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string received;
  char buf[16384];
  for (;;) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    received.append(buf, static_cast<std::size_t>(n));
  }
  return received;
}

// True once the peer has closed (recv returns 0 or fails); waits up to `wait`.
bool peer_closed(int fd, std::chrono::milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  char buf[4096];
  auto n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}
}  // namespace

std::chrono::milliseconds slow_send(unsigned short port, const std::string& bytes,
                                    std::chrono::milliseconds interval) {
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  };
  int fd = connect_raw(port);
  if (fd < 0) return 0ms;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    auto end = bytes.find("\r\n", pos);
    end = end == std::string::npos ? bytes.size() : end + 2;
    if (::send(fd, bytes.data() + pos, end - pos, MSG_NOSIGNAL) < 0 || peer_closed(fd, interval)) {
      ::close(fd);
      return elapsed();
    }
    pos = end;
  }
  ::close(fd);
  return elapsed();
}

std::chrono::milliseconds idle_close_after(unsigned short port, const std::string& request,
                                           std::chrono::milliseconds limit) {
  int fd = connect_raw(port);
  if (fd < 0) return 0ms;
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  pollfd p{fd, POLLIN, 0};
  ::poll(&p, 1, 2000);
  char buf[8192];
  ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);  // the answer
  auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < limit)
    if (peer_closed(fd, 50ms)) break;
  ::close(fd);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

held_connection::held_connection(unsigned short port) : fd_(connect_raw(port)) {}

std::string held_connection::exchange(const std::string& bytes, std::chrono::milliseconds wait) {
  if (fd_ < 0) return {};
  ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return {};
  char buf[8192];
  auto n = ::recv(fd_, buf, sizeof buf, 0);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

void held_connection::send(const std::string& bytes) {
  if (fd_ >= 0) ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
}

held_connection::~held_connection() {
  if (fd_ >= 0) ::close(fd_);
}

response request(unsigned short port, const std::string& method, const std::string& target,
                 const std::string& body, const headers& extra, std::chrono::milliseconds timeout) {
  response out;
  int fd = connect_raw(port);
  if (fd < 0) return out;
  std::string wire = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n";
  for (const auto& [k, v] : extra) wire += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT")
    wire += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  wire += "Connection: close\r\n\r\n" + body;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  if (::send(fd, wire.data(), wire.size(), MSG_NOSIGNAL) < 0) {
    ::close(fd);
    return out;
  }
  auto received = read_until_close(fd, deadline);
  ::close(fd);
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.eager(true);
  if (method == "HEAD") parser.skip(true);
  boost::system::error_code ec;
  parser.put(net::buffer(received), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return out;
  auto& res = parser.get();
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res)
    out.headers[lower(std::string(field.name_string()))] = std::string(field.value());
  out.body = res.body();
  return out;
}

std::string raw_exchange(unsigned short port, const std::string& bytes, std::chrono::milliseconds timeout) {
  int fd = connect_raw(port);
  if (fd < 0) return {};
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  auto received = read_until_close(fd, std::chrono::steady_clock::now() + timeout);
  ::close(fd);
  return received;
}

bool can_connect(unsigned short port) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  return !ec;
}

// A port below the kernel's ephemeral range: a port the kernel hands out (bind to 0) may meanwhile become
// the local end of some process's outgoing connection, and the server meant to listen on it then fails with
// "Address already in use" (seen once in a dozen suite runs). Ports are spread by process id and never
// handed out twice in one run.
unsigned short free_port() {
  static unsigned lowest_ephemeral = [] {
    unsigned low = 32768;
    std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> low;
    return low;
  }();
  constexpr unsigned first = 10000;
  static unsigned next = first + static_cast<unsigned>(::getpid()) * 97 % 10000;
  unsigned span = lowest_ephemeral > first + 1000 ? lowest_ephemeral - first : 20000;
  for (unsigned tries = 0; tries < span; ++tries) {
    unsigned port = first + (next++ - first) % span;
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<unsigned short>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (bound) return static_cast<unsigned short>(port);
  }
  throw std::runtime_error("no free port below the ephemeral range");
}

void check_no_sanitizer_report(const std::string& who, const std::string& output) {
  for (const char* marker :
       {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "WARNING: ThreadSanitizer"}) {
    if (output.find(marker) != std::string::npos) {
      FAIL_CHECK(who << " printed a sanitizer report:\n" << output);
      return;
    }
  }
}

temp_dir::temp_dir() {
  char name[] = "/tmp/gw-test-dir-XXXXXX";
  if (!::mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
  path = name;
}

temp_dir::~temp_dir() {
  std::system(("rm -rf " + path).c_str());
}

void replace_file(const std::string& path, const std::string& contents) {
  std::string tmp = path + ".tmp";
  std::ofstream(tmp, std::ios::binary) << contents;
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("rename failed: " + path);
}

headers bearer(const std::string& key) {
  return {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

// --- process ---

process::process(const std::string& binary, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env) {
  char path[] = "/tmp/gw-test-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  log_path_ = path;
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> argv{const_cast<char*>(binary.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, STDIN_FILENO);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(fd);
}

process::~process() {
  if (running()) {
    kill(pid_, SIGKILL);
    wait_exit(5s);
  }
  unlink(log_path_.c_str());
}

long process::rss_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

void process::signal(int signo) {
  if (running()) kill(pid_, signo);
}

bool process::running() {
  if (exit_code_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> process::wait_exit(std::chrono::milliseconds timeout) {
  wait_until([this] { return !running(); }, timeout);
  return exit_code_;
}

std::string process::output() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --- simulator ---

simulator::simulator(std::vector<std::string> extra_args, unsigned short port)
    : port_(port ? port : free_port()), control_port_(free_port()), extra_args_(std::move(extra_args)) {
  start();
}

void simulator::start() {
  std::vector<std::string> args{"--port=" + std::to_string(port_),
                                "--control-port=" + std::to_string(control_port_)};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  proc_ = std::make_unique<process>(GW_SIM_BIN, args, std::map<std::string, std::string>{});
  if (!wait_until([this] { return can_connect(control_port_) && can_connect(port_); }, 10s))
    throw std::runtime_error("simulator did not start: " + proc_->output());
}

simulator::~simulator() {
  proc_->signal(SIGTERM);
  proc_->wait_exit(15s);
  check_no_sanitizer_report("gha-orchestrator-sim", proc_->output());
}

void simulator::stop() {
  proc_->signal(SIGKILL);
  proc_->wait_exit(5s);
}

void simulator::restart() {
  stop();
  start();
}

redis_server::redis_server(std::vector<std::string> extra_args)
    : port_(free_port()), extra_args_(std::move(extra_args)) {
  start();
}

redis_server::~redis_server() {
  resume();
  kill();
}

std::string redis_server::url(const std::string& credentials, int database, const std::string& host) const {
  return "redis://" + (credentials.empty() ? "" : credentials + "@") + host + ":" + std::to_string(port_) +
         "/" + std::to_string(database);
}

void redis_server::start() {
  std::vector<std::string> args{"--port", std::to_string(port_), "--bind", "127.0.0.1", "--save",
                                "",       "--appendonly",        "no"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  proc_ = std::make_unique<process>("/usr/bin/redis-server", args, std::map<std::string, std::string>{});
  if (!wait_until([this] { return can_connect(port_); }, 10s))
    throw std::runtime_error("redis-server did not start: " + proc_->output());
}

std::string redis_server::cli(const std::string& args) const {
  std::string command = "/usr/bin/redis-cli -p " + std::to_string(port_) + " " + args + " 2>&1";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char chunk[4096];
    while (auto n = std::fread(chunk, 1, sizeof chunk, pipe)) out.append(chunk, n);
    ::pclose(pipe);
  }
  return out;
}

void redis_server::kill() {
  if (!proc_ || !proc_->running()) return;
  proc_->signal(SIGKILL);
  proc_->wait_exit(5s);
}

void redis_server::restart() {
  kill();
  start();
}

void simulator::add_fault(const std::string& json) {
  auto r = request(control_port_, "POST", "/faults", json);
  if (r.status != 200) throw std::runtime_error("fault rejected: " + r.body);
}

void simulator::set_runner_status(const std::string& id, const std::string& status) {
  auto r = request(control_port_, "POST", "/runners/" + id + "/status", status);
  if (r.status != 200) throw std::runtime_error("no such runner " + id);
}

void simulator::forget_created() {
  if (request(control_port_, "POST", "/forget-created").status != 200)
    throw std::runtime_error("the simulator did not forget its runners");
}

std::size_t count_requests(const std::vector<simulator::logged>& log, const std::string& method,
                           const std::string& target) {
  std::size_t n = 0;
  for (const auto& r : log) n += r.method == method && (target.empty() || r.target == target);
  return n;
}

std::vector<std::string> simulator::containers() {
  auto r = request(control_port_, "GET", "/containers");
  rapidjson::Document doc;
  doc.Parse(r.body.c_str(), r.body.size());
  std::vector<std::string> names;
  if (doc.IsArray())
    for (const auto& n : doc.GetArray())
      if (n.IsString()) names.emplace_back(n.GetString());
  return names;
}

std::vector<simulator::logged> simulator::requests() {
  auto r = request(control_port_, "GET", "/requests");
  rapidjson::Document doc;
  doc.Parse(r.body.c_str());
  std::vector<logged> out;
  if (!doc.IsArray()) return out;
  for (const auto& e : doc.GetArray())
    out.push_back({e["method"].GetString(), e["target"].GetString(), e["body"].GetString(),
                   e["user_agent"].GetString(), e["content_type"].GetString(), e["request_id"].GetString(),
                   e["traceparent"].GetString(), e["tracestate"].GetString()});
  return out;
}

std::vector<simulator::logged> simulator::requests_except_health() {
  std::vector<logged> out;
  for (auto& r : requests())
    if (r.target != "/health") out.push_back(std::move(r));
  return out;
}

void simulator::clear_requests() {
  request(control_port_, "DELETE", "/requests");
}

// --- gateway ---

gateway::gateway(unsigned short orchestrator_port, std::map<std::string, std::string> env)
    : port_(free_port()), metrics_port_(free_port()) {
  std::map<std::string, std::string> full{
      {"API_GATEWAY_HOST", "127.0.0.1"},
      {"API_GATEWAY_PORT", std::to_string(port_)},
      {"METRICS_PORT", std::to_string(metrics_port_)},
      {"ORCHESTRATOR_URL", "http://127.0.0.1:" + std::to_string(orchestrator_port)},
      {"ORCHESTRATOR_TIMEOUT_SECONDS", "1"},
      {"RETRY_BACKOFF_SECONDS", "0.05"},
      {"HEALTH_CHECK_INTERVAL_SECONDS", "0.2"},
      {"SHUTDOWN_GRACE_SECONDS", "5"}};
  for (auto& [k, v] : env) full[k] = v;
  if (full.count("API_GATEWAY_PORT"))
    port_ = static_cast<unsigned short>(std::stoi(full["API_GATEWAY_PORT"]));
  metrics_port_ = static_cast<unsigned short>(std::stoi(full["METRICS_PORT"]));
  proc_ = std::make_unique<process>(GW_GATEWAY_BIN, std::vector<std::string>{}, full);
  if (!wait_until([this] { return request(port_, "GET", "/healthz", {}, {}, 1s).status == 200; }, 10s))
    throw std::runtime_error("gateway did not start: " + proc_->output());
}

gateway::~gateway() {
  proc_->signal(SIGTERM);
  proc_->wait_exit(15s);
  check_no_sanitizer_report("gha-gateway", proc_->output());
}

bool gateway::wait_for_orchestrator(const std::string& state, std::chrono::milliseconds timeout) {
  return wait_until([&] { return json_string(get("/health").body, "/data/orchestrator") == state; }, timeout);
}

// --- JSON helpers ---

namespace {
const rapidjson::Value* find(rapidjson::Document& doc, const std::string& json, const std::string& pointer) {
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError()) return nullptr;
  return rapidjson::Pointer(pointer.c_str()).Get(doc);
}
}  // namespace

std::string json_string(const std::string& json, const std::string& pointer) {
  rapidjson::Document doc;
  auto v = find(doc, json, pointer);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

long long json_int(const std::string& json, const std::string& pointer) {
  rapidjson::Document doc;
  auto v = find(doc, json, pointer);
  return v && v->IsInt64() ? v->GetInt64() : -1;
}

bool json_is(const std::string& json, const std::string& pointer, const std::string& kind) {
  rapidjson::Document doc;
  auto v = find(doc, json, pointer);
  if (!v) return false;
  if (kind == "null") return v->IsNull();
  if (kind == "array") return v->IsArray();
  if (kind == "object") return v->IsObject();
  if (kind == "bool") return v->IsBool();
  if (kind == "string") return v->IsString();
  if (kind == "number") return v->IsNumber();
  return false;
}

std::size_t json_size(const std::string& json, const std::string& pointer) {
  rapidjson::Document doc;
  auto v = find(doc, json, pointer);
  return v && v->IsArray() ? v->Size() : 0;
}

bool is_timestamp(const std::string& text) {
  static const std::regex shape(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  return std::regex_match(text, shape);
}

// Samples of a Prometheus exposition, "name{labels}" -> value; every line must be a comment or a sample.
std::map<std::string, double> scrape(gateway& gw) {
  auto r = request(gw.metrics_port() ? gw.metrics_port() : gw.port(), "GET", "/metrics");
  REQUIRE(r.status == 200);
  REQUIRE(r.header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
  std::map<std::string, double> samples;
  std::istringstream lines(r.body);
  std::string line;
  const std::regex sample(R"(^[a-z_]+(\{[a-z_]+="[^"\n]*"(,[a-z_]+="[^"\n]*")*\})? [0-9.e+-]+$)");
  while (std::getline(lines, line)) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) continue;
    INFO(line);
    REQUIRE(std::regex_match(line, sample));
    auto space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

}  // namespace harness
