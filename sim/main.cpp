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
    "  --health-style=S       'success' ({\"success\":true,...}) or 'status' ({\"status\":\"healthy\"})\n";

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
    else {
      std::cerr << "gha-orchestrator-sim: unknown argument " << arg << "\n" << usage;
      return 2;
    }
  }
  long port = 0, control = 0, threads = 0, creating = 0;
  if (!parse_number(port_text, 1, 65534, port) || !parse_number(threads_text, 1, 64, threads) ||
      !parse_number(creating_text, 0, 3600000, creating) ||
      (!control_text.empty() && !parse_number(control_text, 1, 65535, control)) ||
      (health_style != "success" && health_style != "status")) {
    std::cerr << "gha-orchestrator-sim: invalid arguments\n" << usage;
    return 2;
  }
  if (control_text.empty()) control = port + 1;
  if (healthcheck)
    return gw::probe_own_port("gha-orchestrator-sim", host, static_cast<std::uint16_t>(port), "/health",
                              std::chrono::seconds(3));

  boost::asio::io_context ioc{static_cast<int>(threads)};
  sim::runner_store store(std::chrono::milliseconds(creating), health_style == "status");
  sim::fault_table faults;
  sim::sim_app app{store, faults};
  for (auto [p, is_control] : {std::pair<long, bool>{port, false}, {control, true}}) {
    if (auto err = sim::start_listener(ioc, host, static_cast<unsigned short>(p), is_control, app);
        !err.empty()) {
      std::cerr << "gha-orchestrator-sim: " << err << "\n";
      return 1;
    }
  }
  boost::asio::signal_set signals(ioc, SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code, int) { ioc.stop(); });
  std::cerr << "gha-orchestrator-sim listening on " << host << ":" << port << " (control " << control
            << ")\n";
  std::vector<std::thread> pool;
  for (long i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
