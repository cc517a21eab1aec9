// The red team's reproductions against the tenants (issue 21): keys files that must not grant anything,
// destroys that must not reach another tenant's container through the orchestrator's substring lookup,
// and reloads that must not open a window.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include "harness.hpp"

using namespace harness;

namespace {
bool holds(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

const std::string web_key = "web-team-key-Zq9f8Kd0aB1c";
const std::string data_key = "data-team-key-u2Xc9vB4nM7q";
const std::string ops_key = "ops-team-key-9sT2vW5yZ8aC";
const std::string tenants = "# tenants\n" + web_key + " name=web repo:acme/web\n" + data_key +
                            " name=data repo:acme/data\n" + ops_key + " name=ops *\n";
}  // namespace

TEST_CASE(
    "keys file at start-up: a stray token, a cut key or a NUL file stops the gateway, naming the line") {
  temp_dir dir;
  struct attack {
    std::string contents, expected;
  };
  const std::vector<attack> attacks = {
      {"\xEF\xBB\xBF# header\n---\n" + tenants, "line 2: the key is shorter than 16 characters"},
      {"Zq9#f8Kd0aB1cD2eF3g name=web repo:acme/web\n", "line 1: the key holds a character outside"},
      {web_key + " name=web\n", "line 1: no grant"},
      {web_key + " name=web repo:acme/w", "line 1: no end of line"},
      {std::string(64, '\0'), "line 1: no end of line"},
      {"# only a comment\n", "no key in the file"},
  };
  for (const auto& a : attacks) {
    INFO(a.expected);
    replace_file(dir.file("keys"), a.contents);
    process gw(GW_GATEWAY_BIN, {}, {{"API_KEYS_FILE", dir.file("keys")}});
    CHECK(gw.wait_exit(5s) == std::optional<int>(2));
    CHECK(gw.output().find("configuration error: API_KEYS_FILE=" + dir.file("keys") + ": " + a.expected) !=
          std::string::npos);
  }
  // A byte-order mark before a comment line is not a key: the file loads, and the tenants are scoped.
  replace_file(dir.file("keys"), "\xEF\xBB\xBF# tenants, saved by PowerShell 5.1\n" + tenants);
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS_FILE", dir.file("keys")}});
  CHECK(request(gw.port(), "POST", "/api/v1/runners/cleanup", {}, bearer(web_key)).status == 403);
  CHECK(request(gw.port(), "POST", "/api/v1/runners/cleanup", {}, bearer("\xEF\xBB\xBF")).status == 401);
  CHECK(request(gw.port(), "POST", "/api/v1/runners/cleanup", {}, bearer(ops_key)).status == 200);
}

TEST_CASE("keys file reloads: what does not parse never takes effect, is logged and counted; quiet first") {
  temp_dir dir;
  std::string keys = dir.file("keys");
  replace_file(keys, tenants);
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS_FILE", keys}});
  auto cleanup_with = [&](const std::string& key) {
    return request(gw.port(), "POST", "/api/v1/runners/cleanup", {}, bearer(key)).status;
  };
  auto failures = [&] { return scrape(gw)["gha_gateway_config_loads_total{result=\"failure\"}"]; };
  REQUIRE(cleanup_with(web_key) == 403);
  double failed = 0;
  for (const std::string& broken :
       {tenants + "---\n", tenants + "Zq9#f8Kd0aB1cD2eF3g name=x repo:acme/x\n", std::string(4096, '\0'),
        std::string(100, '\0') + "\n", "\xEF\xBB\xBF\n" + tenants + "\xEF\xBB\xBF\n"}) {
    replace_file(keys, broken);
    ++failed;
    REQUIRE(wait_until([&] { return failures() == failed; }, 3s));
    CHECK(cleanup_with(web_key) == 403);  // the scoped key is still scoped, and still works
    CHECK(cleanup_with("---") == 401);
    CHECK(cleanup_with("Zq9") == 401);
    CHECK(cleanup_with(ops_key) == 200);  // nobody is locked out
  }
  CHECK(scrape(gw)["gha_gateway_config_last_load_failed"] == 1);

  // An in-place rewrite read half-way: the web key's line without its grant yet, then the rest, a moment
  // apart (under the quiet period). At no point is the web key unscoped.
  {
    std::ofstream in_place(keys, std::ios::trunc | std::ios::binary);
    in_place << ops_key << " name=ops *\n" << web_key << " name=web" << std::flush;
    for (int i = 0; i < 5; ++i) {
      CHECK(cleanup_with(web_key) == 403);
      std::this_thread::sleep_for(20ms);
    }
    in_place << " repo:acme/web\n" << std::flush;
  }
  CHECK(wait_until(
      [&] {
        return gw.proc().output().find("configuration reloaded (a file changed): 2 API key(s)") !=
               std::string::npos;
      },
      3s));
  CHECK(cleanup_with(web_key) == 403);
  CHECK(cleanup_with(data_key) == 401);  // gone with the rewrite
  CHECK(scrape(gw)["gha_gateway_config_last_load_failed"] == 0);

  // A file over 4 MiB is not read (nor held): refused, counted, the keys in use stay.
  replace_file(keys, tenants + std::string(5 << 20, '#') + "\n");
  CHECK(wait_until(
      [&] {
        return gw.proc().output().find("API_KEYS_FILE=" + keys + " is larger than 4 MiB") !=
               std::string::npos;
      },
      3s));
  CHECK(cleanup_with(ops_key) == 200);
  CHECK(cleanup_with(data_key) == 401);
}

TEST_CASE("keys file renamed in CONFIG_FILE: the new file is read and watched; a key revoked there stops") {
  temp_dir dir;
  std::string config = dir.file("gateway.env");
  std::ofstream(dir.file("old-keys")) << ops_key << " name=ops *\n";
  std::ofstream(config) << "API_KEYS_FILE=" << dir.file("old-keys") << "\n";
  simulator sim;
  gateway gw(sim.port(), {{"CONFIG_FILE", config}});
  auto list_with = [&](const std::string& key) {
    return request(gw.port(), "GET", "/api/v1/runners", {}, bearer(key)).status;
  };
  REQUIRE(list_with(ops_key) == 200);
  std::string new_keys = dir.file("new-keys");
  std::ofstream(new_keys) << web_key << " name=web repo:acme/web\n"
                          << data_key << " name=data repo:acme/data\n";
  replace_file(config, "API_KEYS_FILE=" + new_keys + "\n");
  CHECK(wait_until([&] { return list_with(web_key) == 200; }, 3s));
  CHECK(list_with(ops_key) == 401);
  CHECK(gw.proc().output().find("API_KEYS_FILE is now " + new_keys + ", watched from now on") !=
        std::string::npos);
  CHECK(gw.proc().output().find("API_KEYS_FILE changed, which takes a restart") == std::string::npos);
  replace_file(new_keys, web_key + " name=web repo:acme/web\n");  // data revoked in the new file
  CHECK(wait_until([&] { return list_with(data_key) == 401; }, 3s));
  CHECK(list_with(web_key) == 200);
}

TEST_CASE("destroy against the orchestrator's substring lookup: never another tenant's runner") {
  temp_dir dir;
  replace_file(dir.file("keys"), tenants);
  simulator sim({"--manners=real", "--create-ms-per-runner=20", "--destroy-ms=20"});
  gateway gw(sim.port(), {{"API_KEYS_FILE", dir.file("keys")}, {"ORCHESTRATOR_TIMEOUT_SECONDS", "5"}});
  auto as = [&](const std::string& key, const std::string& method, const std::string& target,
                const std::string& body = {}) {
    return request(gw.port(), method, target, body, bearer(key));
  };
  auto mine = as(web_key, "POST", "/api/v1/runners",
                 R"({"scope":"repo","scope_name":"acme/web","runner_name":"gw-m","count":1})");
  REQUIRE(mine.status == 200);
  REQUIRE(json_string(mine.body, "/data/0/runner_id") == "gw-m");
  auto theirs = as(data_key, "POST", "/api/v1/runners",
                   R"({"scope":"repo","scope_name":"acme/data","runner_name":"gw-m","count":2})");
  REQUIRE(theirs.status == 200);
  REQUIRE(json_string(theirs.body, "/data/1/runner_id") == "gw-m-2");
  sim.forget_created();  // as after an orchestrator restart: every destroy is a substring lookup

  sim.clear_requests();
  for (int i = 0; i < 2; ++i) {
    auto r = as(web_key, "DELETE", "/api/v1/runners/gw-m");
    CHECK(r.status == 409);
    CHECK(json_string(r.body, "/status") == "error");
    CHECK(json_string(r.body, "/message") ==
          "ID de runner ambiguo: el orquestador podría destruir otro contenedor cuyo nombre lo contiene; no "
          "se envió nada");
  }
  // The platform key is held to it too: the lookup does not care who asks.
  CHECK(as(ops_key, "DELETE", "/api/v1/runners/gw-m").status == 409);
  CHECK(count_requests(sim.requests(), "DELETE") == 0);
  auto containers = sim.containers();
  for (const char* name : {"gw-m", "gw-m-1", "gw-m-2"}) CHECK(holds(containers, name));
  CHECK(gw.proc().output().find("AUDIT destroy key=web scope=repo:acme/web runners=gw-m status=409") !=
        std::string::npos);

  // Names no other runner contains go through, and only that container goes.
  CHECK(as(data_key, "DELETE", "/api/v1/runners/gw-m-2").status == 200);
  CHECK(as(data_key, "DELETE", "/api/v1/runners/gw-m-1").status == 200);
  containers = sim.containers();
  CHECK_FALSE(holds(containers, "gw-m-1"));
  CHECK_FALSE(holds(containers, "gw-m-2"));
  CHECK(holds(containers, "gw-m"));
  CHECK(as(web_key, "DELETE", "/api/v1/runners/gw-m").status == 200);
  CHECK_FALSE(holds(sim.containers(), "gw-m"));
  CHECK(holds(sim.containers(), "gha-gateway-redis"));
}

namespace {
// One request from a chosen loopback source address (127.0.0.2 is not 127.0.0.1 to the gateway).
std::string exchange_from(const char* source, unsigned short port, const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{}, to{};
  from.sin_family = to.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  to.sin_port = htons(port);
  std::string out;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0 &&
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) {
    timeval limit{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    (void)!::write(fd, bytes.data(), bytes.size());
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
      out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}
}  // namespace

TEST_CASE("behind a trusted proxy each client is its own: budgets, limits and logs by the address it names") {
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS", "right-key-0123456789"},
                          {"TRUSTED_PROXIES", "127.0.0.1/32"},
                          {"AUTH_FAILURE_BURST", "3"},
                          {"AUTH_FAILURE_RPS", "0.01"}});
  auto via_proxy = [&](const std::string& client, const std::string& key) {
    return request(gw.port(), "GET", "/api/v1/runners", {},
                   {{"Authorization", "Bearer " + key}, {"X-Forwarded-For", "6.6.6.6, " + client}});
  };
  for (int i = 0; i < 3; ++i) CHECK(via_proxy("203.0.113.66", "guess-" + std::to_string(i)).status == 401);
  CHECK(via_proxy("203.0.113.66", "guess-9").status == 429);     // the guesser's budget is spent...
  CHECK(via_proxy("198.51.100.7", "wrong-once").status == 401);  // ...not its neighbour's behind the ingress
  CHECK(via_proxy("198.51.100.7", "right-key-0123456789").status == 200);
  auto log = gw.proc().output();
  CHECK(log.find("GET /api/v1/runners 429") != std::string::npos);
  CHECK(log.find("client=203.0.113.66 ") != std::string::npos);
  CHECK(log.find("client=198.51.100.7 ") != std::string::npos);
  CHECK(log.find("client=6.6.6.6") == std::string::npos);  // a client's own forged entry stays unread

  // A peer that is not a trusted proxy is itself, whatever it claims.
  auto forged = exchange_from(
      "127.0.0.2", gw.port(),
      "GET /api/v1/runners HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n"
      "X-Forwarded-For: 198.51.100.7\r\nForwarded: for=198.51.100.7\r\nConnection: close\r\n\r\n");
  CHECK(forged.rfind("HTTP/1.1 401", 0) == 0);
  CHECK(wait_until([&] { return gw.proc().output().find("client=127.0.0.2:") != std::string::npos; }, 2s));
}

TEST_CASE("/metrics with keys on: never anonymous on the public port; METRICS_PORT serves it and only it") {
  temp_dir dir;
  const std::string scraper_key = "scraper-key-Qm7Zk2Lp9Xa3";
  replace_file(dir.file("keys"), tenants + scraper_key + " name=prometheus metrics\n");
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS_FILE", dir.file("keys")}});
  request(gw.port(), "GET", "/api/v1/runners", {}, bearer(web_key));  // puts "web" into the counters
  auto anonymous = request(gw.port(), "GET", "/metrics");
  CHECK(anonymous.status == 401);
  CHECK(anonymous.body.find("web") == std::string::npos);
  auto tenant = request(gw.port(), "GET", "/metrics", {}, bearer(web_key));
  CHECK(tenant.status == 403);
  CHECK(json_string(tenant.body, "/message") ==
        "Las métricas requieren una clave de API con permiso 'metrics' o '*' (o METRICS_PORT)");
  CHECK(tenant.body.find("key=") == std::string::npos);
  auto scraper = request(gw.port(), "GET", "/metrics", {}, bearer(scraper_key));
  CHECK(scraper.status == 200);
  CHECK(scraper.body.find("gha_gateway_requests_total") != std::string::npos);
  CHECK(request(gw.port(), "GET", "/metrics", {}, bearer(ops_key)).status == 200);
  // The scraper's key reaches nothing else.
  CHECK(request(gw.port(), "GET", "/api/v1/runners", {}, bearer(scraper_key)).body.find("Listados 0") !=
        std::string::npos);
  CHECK(request(gw.port(), "POST", "/api/v1/runners/cleanup", {}, bearer(scraper_key)).status == 403);

  // The metrics port: /metrics to anyone, the probes, and nothing else.
  auto internal = request(gw.metrics_port(), "GET", "/metrics");
  CHECK(internal.status == 200);
  CHECK(internal.body.find("key=\"prometheus\",action=\"cleanup\",outcome=\"forbidden\"") !=
        std::string::npos);
  CHECK(request(gw.metrics_port(), "GET", "/healthz").status == 200);
  for (const char* other : {"/api/v1/runners", "/openapi.json", "/docs", "/api/v1/runners/cleanup"}) {
    INFO(other);
    auto r = request(gw.metrics_port(), "GET", other, {}, bearer(ops_key));
    CHECK(r.status == 404);
    CHECK(json_string(r.body, "/message") == "Ruta no encontrada");
  }
  CHECK(count_requests(sim.requests_except_health(), "GET", "/runners") == 2);  // the two lists above

  // Keys off: /metrics stays open on the public port, as before.
  gateway open(sim.port(), {{"METRICS_PORT", "0"}});
  CHECK(request(open.port(), "GET", "/metrics").status == 200);
}

TEST_CASE(
    "clients that do not read their answers share one budget: past it their connections go, others serve") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_PENDING_ANSWER_BYTES", "16777216"}, {"CLIENT_CONNECTION_SHARE", "1"}});
  sim.add_fault(R"({"kind":"large_body","size":8000000,"method":"GET","path":"/runners"})");
  std::vector<held_connection> readers_that_never_read;
  for (int i = 0; i < 12; ++i) {
    readers_that_never_read.emplace_back(gw.port());
    readers_that_never_read.back().send("GET /api/v1/runners HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  CHECK(wait_until([&] { return scrape(gw)["gha_gateway_slow_readers_dropped_total"] >= 4; }, 10s));
  CHECK(request(gw.port(), "GET", "/healthz").status == 200);
  // At most two 8 MB answers stay pinned (16 MiB), not twelve (96 MB).
  auto metrics = scrape(gw);
  CHECK(metrics["gha_gateway_pending_answer_bytes"] > 0);
  CHECK(metrics["gha_gateway_pending_answer_bytes"] <= 16777216);
  readers_that_never_read.clear();
  CHECK(wait_until([&] { return scrape(gw)["gha_gateway_pending_answer_bytes"] == 0; }, 5s));
}
