#include "http/redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "core/text/log_text.hpp"
#include "core/webhooks/webhook_redis.hpp"
#include "telemetry/exposition.hpp"

namespace gw {

namespace {
gauge_metric redis_connections{
    "gha_gateway_redis_connections",
    "Connections to Redis (REDIS_URL) this replica keeps, one per I/O thread; 0: the in-process store."};
gauge_metric redis_connections_up{
    "gha_gateway_redis_connections_up",
    "Connections to Redis that are up and ready. Below gha_gateway_redis_connections: rate limits are not "
    "enforced (fail open) and creates with an Idempotency-Key get 503 (fail closed)."};
counter_metric redis_error_replies{
    "gha_gateway_redis_error_replies_total",
    "Commands Redis answered with an error (out of memory under maxmemory, a read-only replica...): rate "
    "limits failed open and idempotent creates got 503 for them though the connection is up"};
counter_metric redis_protocol_violations{
    "gha_gateway_redis_protocol_violations_total",
    "Connections to Redis dropped because it sent a reply no command asked for, or bytes that are not RESP"};

constexpr std::chrono::milliseconds first_backoff{100};
constexpr std::chrono::milliseconds longest_backoff{2000};

redis_answer answer_of(const redisReply& reply) {
  redis_answer answer;
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      answer.what = redis_answer::kind::integer;
      answer.integer = reply.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      answer.what = redis_answer::kind::text;
      answer.text = std::string_view(reply.str, reply.len);
      break;
    case REDIS_REPLY_ERROR:
      answer.what = redis_answer::kind::error;
      answer.text = std::string_view(reply.str, reply.len);
      break;
    default:
      break;
  }
  return answer;
}
long long steady_microseconds(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}
}  // namespace

std::shared_ptr<redis_connection> redis_connection::create(boost::asio::io_context& io,
                                                           redis_endpoint endpoint,
                                                           std::chrono::milliseconds timeout,
                                                           state_listener listener) {
  return std::shared_ptr<redis_connection>(
      new redis_connection(io, std::move(endpoint), timeout, std::move(listener)));
}

redis_connection::redis_connection(boost::asio::io_context& io, redis_endpoint endpoint,
                                   std::chrono::milliseconds timeout, state_listener listener)
    : io_(io),
      endpoint_(std::move(endpoint)),
      timeout_(timeout),
      listener_(std::move(listener)),
      resolver_(io),
      socket_(io),
      timeout_timer_(io),
      reconnect_timer_(io),
      backoff_(first_backoff) {
  redis_connections.add(1);
}

redis_connection::~redis_connection() {
  redis_connections.add(-1);
  if (ready_) redis_connections_up.add(-1);
  if (reader_) redisReaderFree(reader_);
}

void redis_connection::start() {
  resolve();
}

void redis_connection::stop() {
  stopped_ = true;
  resolver_.cancel();
  reconnect_timer_.cancel();
  timeout_timer_.cancel();
  drop_connection();
}

// The name is resolved off the loop (Asio's resolver), so the connect gets an address and never blocks
// the thread in getaddrinfo.
void redis_connection::resolve() {
  if (stopped_ || have_connection_ || resolving_) return;
  resolving_ = true;
  resolver_.async_resolve(endpoint_.host, std::to_string(endpoint_.port),
                          [self = shared_from_this()](const boost::system::error_code& ec,
                                                      boost::asio::ip::tcp::resolver::results_type results) {
                            self->resolving_ = false;
                            if (self->stopped_ || ec == boost::asio::error::operation_aborted) return;
                            if (ec || results.empty()) {
                              self->report_down("cannot resolve its host: " + ec.message());
                              return self->schedule_reconnect();
                            }
                            self->addresses_.clear();
                            for (const auto& entry : results)
                              self->addresses_.push_back(entry.endpoint().address().to_string());
                            self->next_address_ = 1;
                            self->connect(self->addresses_.front());
                          });
}

void redis_connection::connect(const std::string& address) {
  if (stopped_ || have_connection_) return;
  boost::system::error_code ec;
  auto ip = boost::asio::ip::make_address(address, ec);
  if (ec) {
    report_down("cannot connect: " + ec.message());
    return schedule_reconnect();
  }
  have_connection_ = true;
  connected_ = false;
  greeted_ok_ = true;
  ++generation_;
  reader_ = redisReaderCreate();
  pending_.push_back({[](const redis_answer*) {}, std::chrono::steady_clock::now() + timeout_});  // connect
  arm_timeout();
  socket_.async_connect({ip, endpoint_.port},
                        [self = shared_from_this(), generation = generation_](boost::system::error_code ec) {
                          if (generation != self->generation_ || self->stopped_) return;
                          if (ec) {
                            self->report_down("cannot connect: " + ec.message());
                            self->drop_connection();
                            return self->schedule_reconnect();
                          }
                          self->pending_.pop_front();  // the connect's own deadline
                          self->connected_ = true;
                          self->clock_asked_ = std::chrono::steady_clock::now();  // the greeting leaves now
                          boost::system::error_code ignored;
                          self->socket_.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
                          self->read();
                          self->flush();
                        });
  send_greeting();
}

// Sent before anything else on each connection, so whatever follows finds itself authenticated, on its
// database, with the scripts loaded.
void redis_connection::send_greeting() {
  auto refused = [self = shared_from_this()](const char* what) {
    return [self, what](const redis_answer* answer) {
      if (answer && answer->what == redis_answer::kind::error) {
        // Redis's error text names the failure, never the password.
        if (!self->down_reported_)  // once per outage, not at every reconnection
          spdlog::error("Redis at {} refused {}: {}", printable(self->endpoint_), what, answer->text);
        self->greeted_ok_ = false;
        self->broken("refused at connection");
      }
    };
  };
  if (!endpoint_.password.empty()) {
    if (endpoint_.user.empty()) {
      const char* argv[] = {"AUTH", endpoint_.password.c_str()};
      const std::size_t lengths[] = {4, endpoint_.password.size()};
      send(argv, lengths, 2, refused("the password (AUTH)"));
    } else {
      const char* argv[] = {"AUTH", endpoint_.user.c_str(), endpoint_.password.c_str()};
      const std::size_t lengths[] = {4, endpoint_.user.size(), endpoint_.password.size()};
      send(argv, lengths, 3, refused("the user and password (AUTH)"));
    }
  }
  if (endpoint_.database != 0) {
    auto db = std::to_string(endpoint_.database);
    const char* argv[] = {"SELECT", db.c_str()};
    const std::size_t lengths[] = {6, db.size()};
    send(argv, lengths, 2, refused("the database (SELECT)"));
  }
  std::vector<const redis_script*> scripts{&rate_limit_script(), &claim_script(), &settle_script()};
  for (const auto* script : webhook_redis_scripts()) scripts.push_back(script);
  for (const auto* script : scripts) {
    const char* argv[] = {"SCRIPT", "LOAD", script->text.data()};
    const std::size_t lengths[] = {6, 4, script->text.size()};
    send(argv, lengths, 3, refused("its scripts (SCRIPT LOAD)"));
  }
  // Last: Redis's clock, halfway between asking and hearing (a loopback or LAN round trip is the error).
  const char* argv[] = {"EVAL", clock_script().text.data(), "0"};
  const std::size_t lengths[] = {4, clock_script().text.size(), 1};
  send(argv, lengths, 3,
       [self = shared_from_this(), check = refused("its clock (EVAL TIME)")](const redis_answer* answer) {
         check(answer);
         auto redis_us = answer && answer->what == redis_answer::kind::text
                             ? redis_clock_microseconds(answer->text)
                             : std::nullopt;
         if (!redis_us || !self->greeted_ok_) return;
         auto asked = steady_microseconds(self->clock_asked_);
         auto heard = steady_microseconds(std::chrono::steady_clock::now());
         self->clock_offset_us_ = *redis_us - (asked + heard) / 2;
         self->set_ready(true);
       });
}

std::optional<long long> redis_connection::redis_deadline_us() const {
  if (!ready_) return std::nullopt;
  auto now = steady_microseconds(std::chrono::steady_clock::now());
  return now + clock_offset_us_ + std::chrono::duration_cast<std::chrono::microseconds>(timeout_).count();
}

void redis_connection::eval(const redis_script& script, std::initializer_list<std::string_view> keys,
                            std::initializer_list<std::string_view> args, handler done) {
  constexpr std::size_t most = 16;
  if (!ready_ || stopped_ || 3 + keys.size() + args.size() > most) return done(nullptr);
  std::array<const char*, most> argv;
  std::array<std::size_t, most> lengths;
  auto key_count = std::to_string(keys.size());
  std::size_t n = 0;
  auto add = [&](std::string_view text) {
    argv[n] = text.data();
    lengths[n++] = text.size();
  };
  add("EVALSHA");
  add(script.sha1);
  add(key_count);
  for (auto key : keys) add(key);
  for (auto arg : args) add(arg);
  if (!send(argv.data(), lengths.data(), static_cast<int>(n), std::move(done))) done(nullptr);
}

bool redis_connection::send(const char* const* argv, const std::size_t* lengths, int count, handler&& done) {
  if (!have_connection_) return false;
  char* command = nullptr;
  int length = redisFormatCommandArgv(&command, count, const_cast<const char**>(argv), lengths);
  if (length < 0) return false;
  to_write_.append(command, static_cast<std::size_t>(length));
  redisFreeCommand(command);
  pending_.push_back({std::move(done), std::chrono::steady_clock::now() + timeout_});
  arm_timeout();
  // What is issued in this turn of the loop leaves in one write.
  if (!flush_posted_ && connected_ && !writing_now_) {
    flush_posted_ = true;
    boost::asio::post(io_, [self = shared_from_this(), generation = generation_] {
      self->flush_posted_ = false;
      if (generation == self->generation_) self->flush();
    });
  }
  return true;
}

void redis_connection::flush() {
  if (!connected_ || writing_now_ || to_write_.empty()) return;
  writing_now_ = true;
  writing_.swap(to_write_);
  to_write_.clear();
  boost::asio::async_write(
      socket_, boost::asio::buffer(writing_),
      [self = shared_from_this(), generation = generation_](boost::system::error_code ec, std::size_t) {
        if (generation != self->generation_) return;
        self->writing_now_ = false;
        self->writing_.clear();
        if (ec) return self->broken("connection lost: " + ec.message());
        self->flush();
      });
}

void redis_connection::read() {
  socket_.async_read_some(
      boost::asio::buffer(read_buffer_),
      [self = shared_from_this(), generation = generation_](boost::system::error_code ec, std::size_t n) {
        if (generation != self->generation_ || self->stopped_) return;
        if (ec)
          return self->broken(ec == boost::asio::error::eof ? "connection lost: closed"
                                                            : "connection lost: " + ec.message());
        if (redisReaderFeed(self->reader_, self->read_buffer_.data(), n) != REDIS_OK)
          return self->broken("out of memory for its replies");
        if (self->take_replies()) self->read();
      });
}

bool redis_connection::take_replies() {
  auto generation = generation_;
  for (;;) {
    void* parsed = nullptr;
    if (redisReaderGetReply(reader_, &parsed) != REDIS_OK) {
      redis_protocol_violations.add();
      broken("it sent bytes that are not RESP (dropped the connection)");
      return false;
    }
    if (!parsed) return true;
    auto* reply = static_cast<redisReply*>(parsed);
    if (pending_.empty()) {
      freeReplyObject(reply);
      redis_protocol_violations.add();
      broken("it sent a reply that no command asked for (dropped the connection)");
      return false;
    }
    auto done = std::move(pending_.front().done);
    pending_.pop_front();
    auto answer = answer_of(*reply);
    // Scripts flushed (SCRIPT FLUSH, or a failover to a server that never saw them): load them again; this
    // command counts as unanswered.
    if (answer.what == redis_answer::kind::error && answer.text.substr(0, 8) == "NOSCRIPT") {
      done(nullptr);
      if (generation == generation_ && have_connection_) send_greeting();
    } else {
      if (answer.what == redis_answer::kind::error) note_error_reply(answer.text);
      done(&answer);
    }
    freeReplyObject(reply);
    if (generation != generation_ || !have_connection_) return false;  // dropped by a handler
  }
}

void redis_connection::arm_timeout() {
  if (timer_armed_ || pending_.empty()) return;
  timer_armed_ = true;
  timeout_timer_.expires_at(pending_.front().deadline);
  timeout_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    self->timer_armed_ = false;
    if (ec || self->stopped_) return;
    if (!self->pending_.empty() && self->pending_.front().deadline <= std::chrono::steady_clock::now())
      return self->broken("no reply within the timeout");
    self->arm_timeout();
  });
}

// An error reply (OOM under maxmemory, READONLY...) leaves the connection up but the command undone: counted,
// and logged at most every 10 s, so that a full Redis is seen although gha_gateway_redis_connections_up is
// unchanged.
void redis_connection::note_error_reply(std::string_view text) {
  redis_error_replies.add();
  auto now = std::chrono::steady_clock::now();
  if (now - last_error_logged_ < std::chrono::seconds(10)) return;
  last_error_logged_ = now;
  spdlog::error("Redis at {} answered a command with an error: {}", printable(endpoint_),
                sanitize_for_log(text, 200));
}

void redis_connection::report_down(std::string_view why) {
  if (down_reported_) return;
  down_reported_ = true;
  spdlog::warn(
      "Redis at {}: {}; rate limits are not enforced and idempotent creates get 503 until it answers "
      "again (reconnecting by itself)",
      printable(endpoint_), why);
}

void redis_connection::broken(std::string_view why) {
  report_down(why);
  drop_connection();
  schedule_reconnect();
}

// Closes the socket here and now (its completions find a newer generation) and answers what was waiting:
// nothing.
void redis_connection::drop_connection() {
  auto waiting = std::move(pending_);
  pending_.clear();
  ++generation_;
  have_connection_ = connected_ = false;
  writing_now_ = false;
  to_write_.clear();
  writing_.clear();
  boost::system::error_code ignored;
  socket_.close(ignored);
  if (reader_) {
    redisReaderFree(reader_);
    reader_ = nullptr;
  }
  set_ready(false);
  for (auto& p : waiting) p.done(nullptr);
}

// The next address the name resolved to, at once; once all were tried, the name again after the backoff.
void redis_connection::schedule_reconnect() {
  if (stopped_) return;
  bool untried = next_address_ < addresses_.size();
  reconnect_timer_.expires_after(untried ? std::chrono::milliseconds(0) : backoff_);
  if (!untried) backoff_ = std::min(backoff_ * 2, longest_backoff);
  reconnect_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (self->next_address_ < self->addresses_.size())
      self->connect(self->addresses_[self->next_address_++]);
    else
      self->resolve();
  });
}

void redis_connection::set_ready(bool ready) {
  if (ready_ == ready) return;
  ready_ = ready;
  redis_connections_up.add(ready ? 1 : -1);
  if (ready) {
    backoff_ = first_backoff;
    down_reported_ = false;
    addresses_.clear();  // a later outage resolves the name again
    spdlog::info("Redis at {} connected: rate limits and idempotency records are shared",
                 printable(endpoint_));
  }
  if (listener_) listener_(ready);
}

}  // namespace gw
