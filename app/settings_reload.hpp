// Reloads what may change without a restart (CORS origins, API keys and grants, rate limits) on SIGHUP and
// when CONFIG_FILE or API_KEYS_FILE changes on disk: inotify on each file's directory (and its target's),
// which also sees Kubernetes swap a mounted Secret's ..data symlink. The files are read once they have been
// quiet for 200 ms (2 s after the first change at the latest); identical contents change nothing. A
// configuration that does not load keeps the one in use and is logged and counted, and so does one without
// any API key while keys are in use (an emptied or half-written file must not open every route: turning keys
// off takes a restart); one that loads is handed to `publish` as a new snapshot. API_KEYS_FILE may be
// renamed in CONFIG_FILE: the new file is read and watched. It all runs on the io_context's thread, which
// is not an I/O thread of the server (reading a large file must not hold up requests).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/access/access_settings.hpp"
#include "core/config/config.hpp"

namespace boost::asio {
class io_context;
}

namespace gw {

// A configuration load (start-up or reload), in /metrics: when it succeeded last, whether the last one
// failed, how many of each, the API keys in use.
void record_config_load(bool succeeded, std::size_t api_keys);

class settings_reloader {
 public:
  // `publish` is called on the reloader's own thread.
  settings_reloader(environment process, std::vector<std::string> args, gateway_config running,
                    std::string files_text, std::size_t keys_in_use,
                    std::function<void(access_snapshot)> publish);
  // Stops watching and waits for the thread: `publish` is not called again.
  ~settings_reloader();
  settings_reloader(const settings_reloader&) = delete;
  settings_reloader& operator=(const settings_reloader&) = delete;

  struct machinery;

 private:
  std::unique_ptr<boost::asio::io_context> io_;
  std::shared_ptr<machinery> machinery_;
  std::thread thread_;
};

}  // namespace gw
