// One connection to Redis per I/O thread, driven by that thread's Asio loop: an Asio socket (no thread of
// its own, no blocking call; names resolved by Asio's resolver), commands formatted and replies parsed by
// hiredis's protocol functions, and the queue of commands waiting for replies kept here, not in hiredis (its
// asynchronous layer aborts the process on a reply nobody asked for). Commands are pipelined: those issued
// in one turn of the loop leave in one write. Every command is answered once: with Redis's reply, or with
// none (nullptr) when Redis is unreachable, the connection broke, or no reply came within the timeout (then
// the connection is dropped, since a late reply could no longer be told apart). Whatever bytes the server
// sends, the process goes on: a reply that no command waits for, or bytes that are not RESP, drop the
// connection (logged). It reconnects by itself, 100 ms after a failure, doubling up to 2 s; each new
// connection authenticates, selects its database and loads the scripts before anything else.
#pragma once
#include <array>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/redis/redis_scripts.hpp"
#include "core/redis/redis_url.hpp"
#include "http/redis_script_runner.hpp"

struct redisReader;
struct redisReply;

namespace gw {

class redis_connection : public redis_script_runner, public std::enable_shared_from_this<redis_connection> {
 public:
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
  // once with none when there is no ready connection at this moment (nothing is sent).
  void eval(const redis_script& script, std::initializer_list<std::string_view> keys,
            std::initializer_list<std::string_view> args, handler done) override;

  // Redis's clock is measured at this connection's greeting; the deadline is the reply timeout from now.
  std::optional<long long> redis_deadline_us() const override;

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
  void flush();
  void read();
  // Hands each complete reply to the command waiting for it; false when the connection was dropped.
  bool take_replies();
  void broken(std::string_view why);
  void report_down(std::string_view why);  // logged once per outage
  void note_error_reply(std::string_view text);
  void drop_connection();
  void schedule_reconnect();
  void arm_timeout();
  void set_ready(bool ready);

  boost::asio::io_context& io_;
  redis_endpoint endpoint_;
  std::chrono::milliseconds timeout_;
  state_listener listener_;
  boost::asio::ip::tcp::resolver resolver_;
  std::vector<std::string> addresses_;  // the name's, from its last resolution
  std::size_t next_address_ = 0;        // the next of them to try
  boost::asio::ip::tcp::socket socket_;
  redisReader* reader_ = nullptr;  // of the current connection
  std::string to_write_;           // commands not yet handed to the socket
  std::string writing_;            // the bytes of the write in progress
  std::array<char, 16384> read_buffer_{};
  boost::asio::steady_timer timeout_timer_;
  boost::asio::steady_timer reconnect_timer_;
  std::deque<pending> pending_;  // in the order sent: Redis answers in order
  std::chrono::milliseconds backoff_;
  unsigned generation_ = 0;       // of the connection: completions of an earlier one are stale
  bool have_connection_ = false;  // connecting or connected
  bool connected_ = false;
  bool writing_now_ = false, flush_posted_ = false;
  bool timer_armed_ = false;
  bool ready_ = false;
  bool stopped_ = false;
  bool resolving_ = false;
  bool down_reported_ = false;
  bool greeted_ok_ = true;         // the greeting of the current connection has not failed
  long long clock_offset_us_ = 0;  // Redis's clock minus the steady clock, in µs
  std::chrono::steady_clock::time_point clock_asked_;
  std::chrono::steady_clock::time_point last_error_logged_;
};

}  // namespace gw
