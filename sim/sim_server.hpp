// The simulator's two HTTP listeners: the API port (the orchestrator contract, with faults) and the
// control port (request log, faults, runner states) that tests drive.
#pragma once
#include <memory>
#include <string>

#include "sim/faults.hpp"
#include "sim/runner_store.hpp"

namespace boost::asio {
class io_context;
}

namespace sim {

struct sim_app {
  runner_store& store;
  fault_table& faults;
};

// Starts accepting on host:port; `control` selects which routes it serves. Returns an error or "".
std::string start_listener(boost::asio::io_context& ioc, const std::string& host, unsigned short port,
                           bool control, sim_app app);

}  // namespace sim
