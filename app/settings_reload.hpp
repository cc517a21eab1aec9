// Reloads what may change without a restart (CORS origins, API keys and grants, rate limits) on SIGHUP and
// when CONFIG_FILE or API_KEYS_FILE changes on disk: inotify on each file's directory (and its target's),
// which also sees Kubernetes swap a mounted Secret's ..data symlink. Changes are gathered for 100 ms, then
// the files are read once; identical contents change nothing. A configuration that does not load keeps the
// one in use and is logged, and so does one without any API key while keys are in use (an emptied or
// half-written file must not open every route: turning keys off takes a restart); one that loads is handed
// to `publish` as a new snapshot. It all runs on one io_context's thread.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/access_settings.hpp"
#include "core/config.hpp"

namespace boost::asio {
class io_context;
}

namespace gw {

class settings_reloader {
 public:
  settings_reloader(boost::asio::io_context& io, environment process, std::vector<std::string> args,
                    gateway_config running, std::string files_text, std::size_t keys_in_use,
                    std::function<void(access_snapshot)> publish);
  ~settings_reloader();
  settings_reloader(const settings_reloader&) = delete;
  settings_reloader& operator=(const settings_reloader&) = delete;

  struct machinery;

 private:
  std::shared_ptr<machinery> machinery_;
};

}  // namespace gw
