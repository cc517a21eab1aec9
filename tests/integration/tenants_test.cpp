// Tenants: keys bound to orgs and repos (API_KEYS_FILE grants), audited; the keys, CORS origins and rate
// limits reloaded without a restart (a changed file, Kubernetes' symlink swap, SIGHUP).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

#include "core/access/api_keys.hpp"
#include "core/text/sha256.hpp"
#include "harness.hpp"

using namespace harness;

namespace {
std::string create_body(const std::string& scope, const std::string& name, int count = 1) {
  return R"({"scope":")" + scope + R"(","scope_name":")" + name + R"(","count":)" + std::to_string(count) +
         "}";
}

std::vector<std::string> listed_ids(const response& r) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < json_size(r.body, "/data"); ++i)
    ids.push_back(json_string(r.body, "/data/" + std::to_string(i) + "/runner_id"));
  return ids;
}

const std::string beta_secret = "beta-secret-3f9a";
std::string tenants_file() {
  return "# two teams and the platform team\n"
         "alpha-secret-81c2 name=alpha repo:acme/*\n"
         "sha256:" +
         gw::hex_of(gw::sha256_of(beta_secret)) +
         " name=beta org:Beta-Org repo:beta-org/*\n"
         "admin-secret-07d1 name=platform *\n"
         "carol-secret-55e0 name=carol repo:acme/web\n";
}
}  // namespace

TEST_CASE("tenants: each key sees and touches only its own runners; a scoped key's cleanup is refused") {
  temp_dir dir;
  std::ofstream(dir.file("keys")) << tenants_file();
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS_FILE", dir.file("keys")}});
  auto as = [&](const std::string& key, const std::string& method, const std::string& target,
                const std::string& body = {}) {
    return request(gw.port(), method, target, body, bearer(key));
  };

  auto a = as("alpha-secret-81c2", "POST", "/api/v1/runners", create_body("repo", "acme/web", 2));
  REQUIRE(a.status == 200);
  auto b = as(beta_secret, "POST", "/api/v1/runners", create_body("org", "beta-org"));  // hashed key, case
  REQUIRE(b.status == 200);
  auto alpha_runner = json_string(a.body, "/data/0/runner_id");
  auto beta_runner = json_string(b.body, "/data/0/runner_id");

  // A create outside the key's grants: 403 in the envelope, nothing forwarded.
  sim.clear_requests();
  auto outside = as("alpha-secret-81c2", "POST", "/api/v1/runners", create_body("org", "acme"));
  CHECK(outside.status == 403);
  CHECK(json_string(outside.body, "/status") == "error");
  CHECK(json_string(outside.body, "/message") == "La clave de API no tiene permiso sobre org:acme");
  CHECK(as("carol-secret-55e0", "POST", "/api/v1/runners", create_body("repo", "acme/api")).status == 403);
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 0);

  // Lists: each tenant its own runners, counted; the platform key all of them.
  auto alpha_list = as("alpha-secret-81c2", "GET", "/api/v1/runners");
  CHECK(alpha_list.status == 200);
  CHECK(listed_ids(alpha_list).size() == 2);
  CHECK(json_string(alpha_list.body, "/message") == "Listados 2 runners activos");
  auto beta_list = as(beta_secret, "GET", "/api/v1/runners");
  CHECK(listed_ids(beta_list) == std::vector<std::string>{beta_runner});
  CHECK(json_string(beta_list.body, "/message") == "Listados 1 runners activos");
  CHECK(listed_ids(as("admin-secret-07d1", "GET", "/api/v1/runners")).size() == 3);

  // Another tenant's runner is an unknown runner: status and destroy alike, and no DELETE is sent.
  auto peek = as(beta_secret, "GET", "/api/v1/runners/" + alpha_runner);
  CHECK(peek.status == 404);
  CHECK(json_string(peek.body, "/message") == "Runner no encontrado");
  CHECK(as(beta_secret, "GET", "/api/v1/runners/no-such-runner").body.find("Runner no encontrado") !=
        std::string::npos);
  CHECK(as("alpha-secret-81c2", "GET", "/api/v1/runners/" + alpha_runner).status == 200);
  sim.clear_requests();
  auto steal = as(beta_secret, "DELETE", "/api/v1/runners/" + alpha_runner);
  CHECK(steal.status == 404);
  CHECK(json_string(steal.body, "/message") == "Runner no encontrado");
  CHECK(count_requests(sim.requests(), "DELETE") == 0);
  CHECK(as("alpha-secret-81c2", "GET", "/api/v1/runners/" + alpha_runner).status == 200);  // still there
  CHECK(as("alpha-secret-81c2", "DELETE", "/api/v1/runners/" + alpha_runner).status == 200);

  // Cleanup: only '*'.
  sim.clear_requests();
  auto refused = as("alpha-secret-81c2", "POST", "/api/v1/runners/cleanup");
  CHECK(refused.status == 403);
  CHECK(json_string(refused.body, "/message") ==
        "La limpieza de runners requiere una clave de API con permiso sobre todo ('*')");
  CHECK(as(beta_secret, "POST", "/api/v1/runners/cleanup").status == 403);
  CHECK(count_requests(sim.requests(), "POST", "/runners/cleanup") == 0);
  CHECK(as("admin-secret-07d1", "POST", "/api/v1/runners/cleanup").status == 200);

  // The audit trail names keys, scopes, runners and outcomes, and never a key.
  auto log = gw.proc().output();
  CHECK(log.find("api-gateway.audit - INFO - AUDIT create key=alpha scope=repo:acme/web runners=" +
                 alpha_runner) != std::string::npos);
  CHECK(log.find("AUDIT create key=alpha scope=org:acme runners=- status=403 outcome=forbidden") !=
        std::string::npos);
  CHECK(log.find("AUDIT destroy key=beta scope=repo:acme/web runners=" + alpha_runner +
                 " status=404 outcome=hidden") != std::string::npos);
  CHECK(log.find("AUDIT destroy key=alpha scope=repo:acme/web runners=" + alpha_runner +
                 " status=200 outcome=succeeded") != std::string::npos);
  CHECK(log.find("AUDIT cleanup key=alpha scope=* runners=- status=403 outcome=forbidden") !=
        std::string::npos);
  CHECK(log.find("AUDIT cleanup key=platform scope=* runners=") != std::string::npos);
  CHECK(log.find("GET /api/v1/runners 200") != std::string::npos);
  CHECK(log.find("key=beta") != std::string::npos);  // the access log names the key too
  for (const char* secret : {"alpha-secret-81c2", "beta-secret-3f9a", "admin-secret-07d1"})
    CHECK(log.find(secret) == std::string::npos);
  auto metrics = scrape(gw);
  CHECK(metrics["gha_gateway_audit_events_total{key=\"alpha\",action=\"create\",outcome=\"forbidden\"}"] ==
        1);
  CHECK(metrics["gha_gateway_audit_events_total{key=\"beta\",action=\"destroy\",outcome=\"hidden\"}"] == 1);
  CHECK(metrics["gha_gateway_api_keys"] == 4);
}

TEST_CASE("tenants against the real orchestrator's manners: its status and substring destroy leak nothing") {
  temp_dir dir;
  std::ofstream(dir.file("keys")) << tenants_file();
  simulator sim({"--manners=real", "--create-ms-per-runner=20", "--destroy-ms=20"});
  gateway gw(sim.port(), {{"API_KEYS_FILE", dir.file("keys")},
                          {"ORCHESTRATOR_TIMEOUT_SECONDS", "5"},
                          {"LOG_FORMAT", "json"},
                          {"LOG_LEVEL", "WARNING"}});
  auto a = request(gw.port(), "POST", "/api/v1/runners", create_body("repo", "acme/web"),
                   bearer("alpha-secret-81c2"));
  REQUIRE(a.status == 200);
  auto alpha_runner = json_string(a.body, "/data/0/runner_id");
  // Every status is the orchestrator's "unknown" shape: the list entry's labels decide.
  CHECK(
      request(gw.port(), "GET", "/api/v1/runners/" + alpha_runner, {}, bearer("alpha-secret-81c2")).status ==
      200);
  CHECK(request(gw.port(), "GET", "/api/v1/runners/" + alpha_runner, {}, bearer(beta_secret)).status == 404);
  sim.clear_requests();
  CHECK(request(gw.port(), "DELETE", "/api/v1/runners/" + alpha_runner, {}, bearer(beta_secret)).status ==
        404);
  CHECK(count_requests(sim.requests(), "DELETE") == 0);
  auto containers = sim.containers();
  CHECK(std::find(containers.begin(), containers.end(), alpha_runner) != containers.end());
  // Audit lines are JSON members too, and written whatever LOG_LEVEL says.
  auto log = gw.proc().output();
  CHECK(log.find(
            R"("logger":"api-gateway.audit","message":"AUDIT destroy","key":"beta","scope":"repo:acme/web",)"
            R"("runners":")" +
            alpha_runner + R"(","status":404,"outcome":"hidden")") != std::string::npos);
  CHECK(log.find(R"("message":"GET /api/v1/runners)") == std::string::npos);  // the access log obeys WARNING
}

TEST_CASE(
    "rotation: a removed key stops within a second, an added one starts; no request fails for the swap") {
  temp_dir dir;
  std::string keys = dir.file("keys");
  std::ofstream(keys) << "steady-key-0123456789 name=steady *\nleaving-key-0123456789 name=leaving *\n";
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS_FILE", keys}});
  auto status_with = [&](const std::string& key) {
    return request(gw.port(), "GET", "/api/v1/runners", {}, bearer(key)).status;
  };
  REQUIRE(status_with("leaving-key-0123456789") == 200);

  // Load with the key that stays, while the file changes under it many times.
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&] {
      while (!stop) {
        ++sent;
        if (status_with("steady-key-0123456789") != 200) ++failed;
      }
    });
  for (int i = 0; i < 10; ++i) {
    replace_file(keys, "steady-key-0123456789 name=steady *\nextra-key-0123456789-" + std::to_string(i) +
                           " name=extra *\n");
    std::this_thread::sleep_for(150ms);
  }
  replace_file(keys, "steady-key-0123456789 name=steady *\narriving-key-0123456789 name=arriving *\n");
  CHECK(wait_until([&] { return status_with("leaving-key-0123456789") == 401; }, 1s));
  CHECK(wait_until([&] { return status_with("arriving-key-0123456789") == 200; }, 1s));
  stop = true;
  for (auto& c : clients) c.join();
  CHECK(sent > 40);
  CHECK(failed == 0);
  // An in-place write is seen too.
  std::ofstream(keys, std::ios::trunc) << "steady-key-0123456789 name=steady *\n";
  CHECK(wait_until([&] { return status_with("arriving-key-0123456789") == 401; }, 1s));
  CHECK(gw.proc().output().find("configuration reloaded (a file changed): 1 API key(s)") !=
        std::string::npos);
}

TEST_CASE("rotation: a broken or emptied file keeps the keys in use; /metrics says the last load failed") {
  temp_dir dir;
  std::string keys = dir.file("keys");
  std::ofstream(keys) << "good-key-0123456789 name=good repo:acme/*\n";
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS_FILE", keys}});
  auto loaded_at = scrape(gw)["gha_gateway_config_last_load_success_timestamp_seconds"];
  CHECK(loaded_at > 1.7e9);
  CHECK(scrape(gw)["gha_gateway_config_last_load_failed"] == 0);

  replace_file(keys,
               "good-key-0123456789 name=good repo:acme\nnew-key-0123456789 name=new *\n");  // repo: without
                                                                                             // a repository
  CHECK(wait_until([&] { return scrape(gw)["gha_gateway_config_last_load_failed"] == 1; }, 2s));
  CHECK(request(gw.port(), "GET", "/api/v1/runners", {}, bearer("good-key-0123456789")).status == 200);
  CHECK(request(gw.port(), "GET", "/api/v1/runners", {}, bearer("new-key-0123456789")).status == 401);
  CHECK(
      gw.proc().output().find("configuration reload (a file changed) failed, the configuration in use stays: "
                              "API_KEYS_FILE=" +
                              keys + ": line 1: field 3 is neither a grant") != std::string::npos);

  replace_file(keys, "# emptied by mistake\n");
  CHECK(wait_until([&] { return gw.proc().output().find("no key in the file") != std::string::npos; }, 2s));
  CHECK(request(gw.port(), "GET", "/api/v1/runners").status == 401);  // still keyed
  CHECK(request(gw.port(), "GET", "/api/v1/runners", {}, bearer("good-key-0123456789")).status == 200);

  replace_file(keys, "good-key-0123456789 name=good repo:acme/*\nnew-key-0123456789 name=new *\n");
  CHECK(wait_until([&] { return scrape(gw)["gha_gateway_config_last_load_failed"] == 0; }, 2s));
  CHECK(request(gw.port(), "GET", "/api/v1/runners", {}, bearer("new-key-0123456789")).status == 200);
  auto metrics = scrape(gw);
  CHECK(metrics["gha_gateway_config_last_load_success_timestamp_seconds"] >= loaded_at);
  CHECK(metrics["gha_gateway_config_loads_total{result=\"failure\"}"] == 2);
  CHECK(metrics["gha_gateway_api_keys"] == 2);
}

TEST_CASE("rotation: a Kubernetes Secret's symlink swap is seen") {
  temp_dir dir;
  // What the kubelet lays out: keys -> ..data/keys, ..data -> ..<timestamp>/.
  REQUIRE(mkdir(dir.file("..2026_11_30_v1").c_str(), 0755) == 0);
  std::ofstream(dir.file("..2026_11_30_v1/keys")) << "first-key-0123456789 name=first *\n";
  REQUIRE(symlink("..2026_11_30_v1", dir.file("..data").c_str()) == 0);
  REQUIRE(symlink("..data/keys", dir.file("keys").c_str()) == 0);
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS_FILE", dir.file("keys")}});
  CHECK(request(gw.port(), "GET", "/api/v1/runners", {}, bearer("first-key-0123456789")).status == 200);

  REQUIRE(mkdir(dir.file("..2026_11_30_v2").c_str(), 0755) == 0);
  std::ofstream(dir.file("..2026_11_30_v2/keys")) << "second-key-0123456789 name=second *\n";
  REQUIRE(symlink("..2026_11_30_v2", dir.file("..data_tmp").c_str()) == 0);
  REQUIRE(std::rename(dir.file("..data_tmp").c_str(), dir.file("..data").c_str()) == 0);
  std::system(("rm -rf " + dir.file("..2026_11_30_v1")).c_str());
  CHECK(wait_until(
      [&] {
        return request(gw.port(), "GET", "/api/v1/runners", {}, bearer("second-key-0123456789")).status ==
               200;
      },
      1s));
  CHECK(request(gw.port(), "GET", "/api/v1/runners", {}, bearer("first-key-0123456789")).status == 401);
}

TEST_CASE(
    "reload: SIGHUP re-reads CONFIG_FILE: CORS origins and rate limits change, the rest waits a restart") {
  temp_dir dir;
  std::string config = dir.file("gateway.env");
  std::ofstream(config) << "CORS_ORIGINS=https://old.example\nMAX_URL_BYTES=1000\n";
  simulator sim;
  gateway gw(sim.port(), {{"CONFIG_FILE", config}});
  auto allowed_origin = [&](const std::string& origin) {
    return request(gw.port(), "GET", "/api/v1/runners", {}, {{"Origin", origin}})
        .header("access-control-allow-origin");
  };
  CHECK(allowed_origin("https://old.example") == "https://old.example");
  CHECK(allowed_origin("https://new.example").empty());

  // Written in place (no inotify rename), then SIGHUP.
  std::ofstream(config, std::ios::trunc)
      << "CORS_ORIGINS='https://new.example'\nRATE_LIMIT_RPS=0.01\nRATE_LIMIT_BURST=2\nMAX_URL_BYTES=64\n";
  gw.proc().signal(SIGHUP);
  // The write is seen by the watcher too: the log shows that SIGHUP reloaded on its own.
  CHECK(wait_until(
      [&] { return gw.proc().output().find("configuration reloaded (SIGHUP)") != std::string::npos; }, 2s));
  CHECK(wait_until([&] { return allowed_origin("https://new.example") == "https://new.example"; }, 2s));
  CHECK(allowed_origin("https://old.example").empty());
  auto log = gw.proc().output();
  CHECK(log.find("MAX_URL_BYTES changed, which takes a restart; the running value stays") !=
        std::string::npos);
  CHECK(request(gw.port(), "GET", "/healthz?" + std::string(100, 'a')).status == 200);  // not 414
  // The rate limit applies now: the bucket of 2 is spent by the first two API requests since the reload.
  CHECK(wait_until([&] { return request(gw.port(), "GET", "/api/v1/runners").status == 429; }, 2s));
  auto limited = request(gw.port(), "GET", "/api/v1/runners");
  CHECK(limited.status == 429);
  CHECK(limited.header("retry-after") != "");
  CHECK(gw.proc().running());
}
