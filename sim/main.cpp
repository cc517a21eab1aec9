// gha-orchestrator-sim: the orchestrator contract in memory, with fault injection, for tests,
// benchmarks and a newcomer's first run.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>

#include "app/healthcheck.hpp"
#include "sim/sim_server.hpp"

namespace {
const char* usage =
    "gha-orchestrator-sim: in-memory orchestrator for gha-gateway tests and demos.\n\n"
    "  --host=ADDR            listen address (default 127.0.0.1; env SIM_HOST)\n"
    "  --healthcheck          GET /health on the API port, exit 0 on 200 else 1 (container health check)\n"
    "  --port=N               orchestrator API port (default 8000; env SIM_PORT)\n"
    "  --control-port=N       control port: GET/DELETE /requests, POST/DELETE /faults, POST /reset,\n"
    "                         POST /runners/{id}/status (default: port + 1; env SIM_CONTROL_PORT)\n"
    "  --threads=N            I/O threads (default 1; env SIM_THREADS)\n"
    "  --creating-ms=N        how long new runners stay 'creating' (default 2000; env SIM_CREATING_MS)\n"
    "  --health-style=S       'success' ({\"success\":true,...}) or 'status' ({\"status\":\"healthy\"})\n"
    "  --manners=M            'simple' (the contract's table, the default) or 'real': the real "
    "orchestrator's\n"
    "                         manners: one API thread that freezes while it creates and destroys, runner\n"
    "                         names as ids, every status 200 'error' with nulls, cleanup without ids,\n"
    "                         destroy by substring (env SIM_MANNERS)\n"
    "  --create-ms-per-runner=N  real manners: freeze per runner created (default 10000; env\n"
    "                         SIM_CREATE_MS_PER_RUNNER)\n"
    "  --destroy-ms=N         real manners: freeze per container destroyed (default 2000; env "
    "SIM_DESTROY_MS)\n"
    "The control port also serves GET /containers: every container's name.\n";

bool parse_number(const std::string& text, long lo, long hi, long& out) {
  char* end = nullptr;
  out = std::strtol(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0' && out >= lo && out <= hi;
}
}  // namespace

int main(int argc, char** argv) {
  std::string host = std::getenv("SIM_HOST") ? std::getenv("SIM_HOST") : "127.0.0.1";
  std::string port_text = std::getenv("SIM_PORT") ? std::getenv("SIM_PORT") : "8000";
  std::string control_text = std::getenv("SIM_CONTROL_PORT") ? std::getenv("SIM_CONTROL_PORT") : "";
  std::string threads_text = std::getenv("SIM_THREADS") ? std::getenv("SIM_THREADS") : "1";
  std::string creating_text = std::getenv("SIM_CREATING_MS") ? std::getenv("SIM_CREATING_MS") : "2000";
  std::string health_style = "success";
  std::string manners_text = std::getenv("SIM_MANNERS") ? std::getenv("SIM_MANNERS") : "simple";
  std::string per_runner_text =
      std::getenv("SIM_CREATE_MS_PER_RUNNER") ? std::getenv("SIM_CREATE_MS_PER_RUNNER") : "10000";
  std::string destroy_text = std::getenv("SIM_DESTROY_MS") ? std::getenv("SIM_DESTROY_MS") : "2000";
  bool healthcheck = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    std::string name = arg.substr(0, eq), value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (name == "--help") {
      std::cout << usage;
      return 0;
    }
    if (name == "--healthcheck")
      healthcheck = true;
    else if (name == "--host")
      host = value;
    else if (name == "--port")
      port_text = value;
    else if (name == "--control-port")
      control_text = value;
    else if (name == "--threads")
      threads_text = value;
    else if (name == "--creating-ms")
      creating_text = value;
    else if (name == "--health-style")
      health_style = value;
    else if (name == "--manners")
      manners_text = value;
    else if (name == "--create-ms-per-runner")
      per_runner_text = value;
    else if (name == "--destroy-ms")
      destroy_text = value;
    else {
      std::cerr << "gha-orchestrator-sim: unknown argument " << arg << "\n" << usage;
      return 2;
    }
  }
  long port = 0, control = 0, threads = 0, creating = 0, per_runner = 0, destroy = 0;
  if (!parse_number(port_text, 1, 65534, port) || !parse_number(threads_text, 1, 64, threads) ||
      !parse_number(creating_text, 0, 3600000, creating) ||
      !parse_number(per_runner_text, 0, 600000, per_runner) ||
      !parse_number(destroy_text, 0, 600000, destroy) ||
      (manners_text != "simple" && manners_text != "real") ||
      (!control_text.empty() && !parse_number(control_text, 1, 65535, control)) ||
      (health_style != "success" && health_style != "status")) {
    std::cerr << "gha-orchestrator-sim: invalid arguments\n" << usage;
    return 2;
  }
  if (control_text.empty()) control = port + 1;
  if (healthcheck)
    return gw::probe_own_port("gha-orchestrator-sim", host, static_cast<std::uint16_t>(port), "/health",
                              std::chrono::seconds(3));

  sim::sim_manners manners{manners_text == "real", std::chrono::milliseconds(per_runner),
                           std::chrono::milliseconds(destroy)};
  if (manners.real) threads = 1;  // the real service: one event loop, frozen by its blocking calls
  // The control port has its own thread, so tests can drive the simulator while its API is frozen.
  boost::asio::io_context ioc{static_cast<int>(threads)};
  boost::asio::io_context control_ioc{1};
  sim::runner_store store(std::chrono::milliseconds(creating), health_style == "status", manners);
  sim::fault_table faults;
  sim::sim_app app{store, faults};
  for (auto [p, is_control] : {std::pair<long, bool>{port, false}, {control, true}}) {
    if (auto err = sim::start_listener(is_control ? control_ioc : ioc, host, static_cast<unsigned short>(p),
                                       is_control, app);
        !err.empty()) {
      std::cerr << "gha-orchestrator-sim: " << err << "\n";
      return 1;
    }
  }
  boost::asio::signal_set signals(control_ioc, SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code, int) {
    ioc.stop();
    control_ioc.stop();
  });
  std::cerr << "gha-orchestrator-sim listening on " << host << ":" << port << " (control " << control << ", "
            << manners_text << " manners)\n";
  std::vector<std::thread> pool;
  for (long i = 0; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  control_ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
