#include "app/settings_reload.hpp"

#include <spdlog/spdlog.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>

#include "app/startup_inputs.hpp"
#include "core/config/access_snapshot.hpp"
#include "telemetry/exposition.hpp"
#include "telemetry/metrics.hpp"

namespace gw {

namespace net = boost::asio;

namespace {
std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The directories whose entries changing may change `path`: its own, and its resolved target's.
std::set<std::string> directories_to_watch(const std::string& path) {
  std::set<std::string> dirs{directory_of(path)};
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved)) dirs.insert(directory_of(resolved));
  return dirs;
}

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

gauge_metric last_load_success{
    "gha_gateway_config_last_load_success_timestamp_seconds",
    "Unix time of the last configuration load (start-up or reload) that was applied."};
gauge_metric last_load_failed{
    "gha_gateway_config_last_load_failed",
    "1 when the last configuration reload failed (the previous configuration stays), else 0."};
labelled_counter loads{"gha_gateway_config_loads_total",
                       "Configuration loads (start-up and reloads), by result."};
gauge_metric api_keys_in_use{"gha_gateway_api_keys", "API keys in the configuration in use."};
// Both results are shown from the start, at 0.
const bool loads_shown = (loads.add("result=\"success\"", 0), loads.add("result=\"failure\"", 0), true);
}  // namespace

void record_config_load(bool succeeded, std::size_t api_keys) {
  last_load_failed.set(succeeded ? 0 : 1);
  loads.add(succeeded ? "result=\"success\"" : "result=\"failure\"");
  if (!succeeded) return;
  last_load_success.set(unix_now());
  api_keys_in_use.set(static_cast<double>(api_keys));
}

struct settings_reloader::machinery : std::enable_shared_from_this<machinery> {
  machinery(net::io_context& io, environment p, std::vector<std::string> a, gateway_config r, std::string t,
            std::size_t k, std::function<void(access_snapshot)> f)
      : process(std::move(p)),
        args(std::move(a)),
        running(std::move(r)),
        files_text(std::move(t)),
        keys_in_use(k),
        publish(std::move(f)),
        hangup(io, SIGHUP),
        changes(io),
        settle(io) {}

  environment process;
  std::vector<std::string> args;
  gateway_config running;
  std::string files_text;
  std::size_t keys_in_use;
  std::function<void(access_snapshot)> publish;
  net::signal_set hangup;
  net::posix::stream_descriptor changes;
  net::steady_timer settle;
  bool settling = false;
  std::chrono::steady_clock::time_point first_change;
  bool stopped = false;
  alignas(inotify_event) char events[4096];

  void start() {
    wait_for_hangup();
    watch_files();
  }

  void stop() {
    stopped = true;
    boost::system::error_code ignored;
    hangup.cancel(ignored);
    changes.close(ignored);
    settle.cancel();
  }

  void wait_for_hangup() {
    hangup.async_wait([self = shared_from_this()](boost::system::error_code ec, int) {
      if (ec || self->stopped) return;
      self->reload("SIGHUP");
      self->wait_for_hangup();
    });
  }

  void watch_files() {
    std::set<std::string> dirs;
    for (const auto* path : {&running.config_file, &running.api_keys_file, &running.webhooks.secrets_file})
      if (!path->empty())
        for (auto& dir : directories_to_watch(*path)) dirs.insert(std::move(dir));
    if (dirs.empty()) return;
    if (!changes.is_open()) {
      int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
      if (fd < 0) {
        spdlog::warn("cannot watch the configuration files (inotify: {}); reload them with SIGHUP",
                     std::strerror(errno));
        return;
      }
      changes.assign(fd);
      read_changes();
    }
    constexpr std::uint32_t mask =
        IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB;
    for (const auto& dir : dirs)
      if (::inotify_add_watch(changes.native_handle(), dir.c_str(), mask) < 0)
        spdlog::warn("cannot watch {} for configuration changes ({}); reload with SIGHUP", dir,
                     std::strerror(errno));
  }

  void read_changes() {
    changes.async_read_some(net::buffer(events),
                            [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                              if (ec || self->stopped) return;
                              self->settle_then_check();
                              self->read_changes();
                            });
  }

  // An editor's save, an in-place rewrite or Kubernetes' swap is a burst of events: look once the files have
  // been quiet for `quiet`, or at the latest `longest_wait` after the first event (a file written without
  // pause is still read; the parsers refuse one read half-written).
  static constexpr std::chrono::milliseconds quiet{200};
  static constexpr std::chrono::milliseconds longest_wait{2000};

  void settle_then_check() {
    auto now = std::chrono::steady_clock::now();
    if (!settling) first_change = now;
    settling = true;
    settle.expires_at(std::min(now + quiet, first_change + longest_wait));
    settle.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec == net::error::operation_aborted || self->stopped) return;  // re-armed by a later event
      self->settling = false;
      if (configuration_files_text(self->running) != self->files_text) self->reload("a file changed");
      self->watch_files();  // a swapped symlink may point into a new directory
    });
  }

  void reload(const char* why) {
    auto loaded = load_configuration(process, args);
    if (loaded.outcome.config && loaded.keys.empty() && keys_in_use > 0) {
      loaded.outcome.config.reset();
      loaded.outcome.error =
          "it holds no API key, which would open every route (turning keys off takes a restart)";
    }
    if (!loaded.outcome.config) {
      record_config_load(false, 0);
      spdlog::error("configuration reload ({}) failed, the configuration in use stays: {}", why,
                    loaded.outcome.error);
      files_text = configuration_files_text(running);  // retried when the files change again
      return;
    }
    const auto& config = *loaded.outcome.config;
    for (const auto& name : settings_needing_restart(running, config))
      spdlog::warn("configuration reload ({}): {} changed, which takes a restart; the running value stays",
                   why, name);
    if (config.api_keys_file != running.api_keys_file) {
      spdlog::info("configuration reload ({}): API_KEYS_FILE is now {}, watched from now on", why,
                   config.api_keys_file.empty() ? "(none)" : config.api_keys_file);
      running.api_keys_file = config.api_keys_file;
      watch_files();
    }
    if (config.webhooks.secrets_file != running.webhooks.secrets_file) {
      spdlog::info("configuration reload ({}): GITHUB_WEBHOOK_SECRETS_FILE is now {}, watched from now on",
                   why, config.webhooks.secrets_file.empty() ? "(none)" : config.webhooks.secrets_file);
      running.webhooks.secrets_file = config.webhooks.secrets_file;
      watch_files();
    }
    std::size_t key_count = loaded.keys.size(), secret_count = loaded.webhook_secrets.size();
    keys_in_use = key_count;
    publish(make_access_snapshot(config, std::move(loaded.keys), std::move(loaded.webhook_secrets)));
    files_text = std::move(loaded.files_text);
    record_config_load(true, key_count);
    spdlog::info(
        "configuration reloaded ({}): {} API key(s), {} webhook secret(s), CORS_ORIGINS={}, "
        "RATE_LIMIT_RPS={}",
        why, key_count, secret_count, config.cors_origins, config.rate_limit_rps);
  }
};

settings_reloader::settings_reloader(environment process, std::vector<std::string> args,
                                     gateway_config running, std::string files_text, std::size_t keys_in_use,
                                     std::function<void(access_snapshot)> publish)
    : io_(std::make_unique<net::io_context>(1)),
      machinery_(std::make_shared<machinery>(*io_, std::move(process), std::move(args), std::move(running),
                                             std::move(files_text), keys_in_use, std::move(publish))) {
  machinery_->start();  // its SIGHUP wait keeps the thread's loop running until stop()
  thread_ = std::thread([io = io_.get()] { io->run(); });
}

settings_reloader::~settings_reloader() {
  net::post(*io_, [m = machinery_] { m->stop(); });
  thread_.join();
}

}  // namespace gw
