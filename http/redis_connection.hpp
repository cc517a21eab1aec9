// One connection to Redis per I/O thread, driven by that thread's Asio loop: hiredis's asynchronous API
// with its read and write interest carried by async_wait on the socket (no thread of its own, no blocking
// call; names are resolved by Asio's resolver). Commands are pipelined: those issued in one turn of the loop
// leave in one write. Every command is answered once: with Redis's reply, or with none (nullptr) when Redis
// is unreachable, the connection broke, or no reply came within the timeout (then the connection is dropped,
// since a late reply could no longer be told apart). It reconnects by itself, 100 ms after a failure,
// doubling up to 2 s; each new connection authenticates, selects its database and loads the scripts before
// anything else.
#pragma once
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/redis_scripts.hpp"
#include "core/redis_url.hpp"

struct redisAsyncContext;
struct redisReply;

namespace gw {

struct redis_answer {
  enum class kind { integer, text, error, other } what = kind::other;
  long long integer = 0;
  std::string_view text;  // a bulk or status string, or the error's text
};

class redis_connection : public std::enable_shared_from_this<redis_connection> {
 public:
  using handler = std::function<void(const redis_answer*)>;  // nullptr: no answer

  // Told of each change: connected (and ready) or not.
  using state_listener = std::function<void(bool up)>;

  static std::shared_ptr<redis_connection> create(boost::asio::io_context& io, redis_endpoint endpoint,
                                                  std::chrono::milliseconds timeout,
                                                  state_listener listener = {});
  ~redis_connection();

  // On the connection's thread: connect (and keep reconnecting); close for good.
  void start();
  void stop();

  // Runs `script` with EVALSHA. `done` is called once: later, on this thread, with the reply or none; or at
  // once with none when there is no connection at this moment (nothing is sent).
  void eval(const redis_script& script, std::initializer_list<std::string_view> keys,
            std::initializer_list<std::string_view> args, handler done);

 private:
  redis_connection(boost::asio::io_context& io, redis_endpoint endpoint, std::chrono::milliseconds timeout,
                   state_listener listener);
  struct pending {
    handler done;
    std::chrono::steady_clock::time_point deadline;
  };

  void resolve();
  void connect(const std::string& address);
  // Queues a command; `done` is taken only when it returns true.
  bool send(const char* const* argv, const std::size_t* lengths, int count, handler&& done);
  void send_greeting();
  void take_reply(redisReply* reply);
  void broken(std::string_view why);
  void report_down(std::string_view why);  // logged once per outage
  void drop_connection();
  void schedule_reconnect();
  void arm_timeout();
  void set_ready(bool ready);
  void watch(bool read);

  static void on_connect(const redisAsyncContext* ac, int status);
  static void on_disconnect(const redisAsyncContext* ac, int status);
  static void on_reply(redisAsyncContext* ac, void* reply, void* privdata);
  static void want(void* self, bool read, bool wanted);  // hiredis's add/del read/write hooks
  static void cleanup(void* self);

  redis_endpoint endpoint_;
  std::chrono::milliseconds timeout_;
  state_listener listener_;
  redisAsyncContext* context_ = nullptr;
  boost::asio::ip::tcp::resolver resolver_;
  std::vector<std::string> addresses_;  // the name's, from its last resolution
  std::size_t next_address_ = 0;        // the next of them to try
  boost::asio::posix::stream_descriptor socket_;
  boost::asio::steady_timer timeout_timer_;
  boost::asio::steady_timer reconnect_timer_;
  std::deque<pending> pending_;  // in the order sent: Redis answers in order
  std::chrono::milliseconds backoff_;
  unsigned generation_ = 0;  // of the socket's watches: a new connection makes older ones stale
  bool want_read_ = false, want_write_ = false;
  bool read_armed_ = false, write_armed_ = false;
  bool timer_armed_ = false;
  bool discarding_ = false;  // freeing the context ourselves: its callbacks are not ours to answer
  bool ready_ = false;
  bool stopped_ = false;
  bool resolving_ = false;
  bool down_reported_ = false;
  bool greeted_ok_ = true;  // the greeting of the current connection has not failed
};

}  // namespace gw
