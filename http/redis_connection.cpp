#include "http/redis_connection.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <array>

namespace gw {

namespace {
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

redis_connection* owner_of(const redisAsyncContext* ac) {
  return static_cast<redis_connection*>(ac->data);
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
    : endpoint_(std::move(endpoint)),
      timeout_(timeout),
      listener_(std::move(listener)),
      resolver_(io),
      socket_(io),
      timeout_timer_(io),
      reconnect_timer_(io),
      backoff_(first_backoff) {}

redis_connection::~redis_connection() {
  if (context_) {
    discarding_ = true;
    redisAsyncFree(context_);
  }
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

// The name is resolved off the loop (Asio's resolver), so hiredis's connect gets an address and never blocks
// the thread in getaddrinfo.
void redis_connection::resolve() {
  if (stopped_ || context_ || resolving_) return;
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
  if (stopped_ || context_) return;
  auto* ac = redisAsyncConnect(address.c_str(), endpoint_.port);
  if (!ac || ac->err) {
    report_down(ac ? ac->errstr : "out of memory");
    if (ac) redisAsyncFree(ac);
    return schedule_reconnect();
  }
  context_ = ac;
  ac->data = this;
  ++generation_;
  want_read_ = want_write_ = read_armed_ = write_armed_ = false;
  greeted_ok_ = true;
  socket_.assign(ac->c.fd);
  ac->ev.data = this;
  ac->ev.addRead = [](void* self) { want(self, true, true); };
  ac->ev.delRead = [](void* self) { want(self, true, false); };
  ac->ev.addWrite = [](void* self) { want(self, false, true); };
  ac->ev.delWrite = [](void* self) { want(self, false, false); };
  ac->ev.cleanup = cleanup;
  redisAsyncSetConnectCallback(ac, on_connect);
  redisAsyncSetDisconnectCallback(ac, on_disconnect);
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
  const redis_script* scripts[] = {&rate_limit_script(), &claim_script(), &settle_script()};
  for (std::size_t i = 0; i < std::size(scripts); ++i) {
    const char* argv[] = {"SCRIPT", "LOAD", scripts[i]->text.data()};
    const std::size_t lengths[] = {6, 4, scripts[i]->text.size()};
    bool last = i + 1 == std::size(scripts);
    send(argv, lengths, 3,
         [self = shared_from_this(), last,
          check = refused("its scripts (SCRIPT LOAD)")](const redis_answer* answer) {
           check(answer);
           if (last && answer && answer->what == redis_answer::kind::text && self->greeted_ok_)
             self->set_ready(true);
         });
  }
}

void redis_connection::eval(const redis_script& script, std::initializer_list<std::string_view> keys,
                            std::initializer_list<std::string_view> args, handler done) {
  constexpr std::size_t most = 16;
  if (!context_ || stopped_ || 3 + keys.size() + args.size() > most) return done(nullptr);
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
  if (!context_) return false;
  if (redisAsyncCommandArgv(context_, on_reply, this, count, const_cast<const char**>(argv), lengths) !=
      REDIS_OK)
    return false;
  pending_.push_back({std::move(done), std::chrono::steady_clock::now() + timeout_});
  arm_timeout();
  return true;
}

void redis_connection::take_reply(redisReply* reply) {
  if (discarding_ || pending_.empty()) return;
  auto done = std::move(pending_.front().done);
  pending_.pop_front();
  if (!reply) return done(nullptr);
  auto answer = answer_of(*reply);
  // Scripts flushed (SCRIPT FLUSH, or a failover to a server that never saw them): load them again; this
  // command counts as unanswered.
  if (answer.what == redis_answer::kind::error && answer.text.substr(0, 8) == "NOSCRIPT") {
    done(nullptr);
    if (context_) send_greeting();
    return;
  }
  done(&answer);
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

// Frees the context here and now (its own callbacks find nothing to answer) and answers what was waiting:
// nothing. Inside a hiredis callback the free happens when that callback returns.
void redis_connection::drop_connection() {
  auto waiting = std::move(pending_);
  pending_.clear();
  if (context_) {
    auto* ac = context_;
    context_ = nullptr;
    discarding_ = true;
    redisAsyncFree(ac);
    discarding_ = false;
  }
  cleanup(this);
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
  if (ready) {
    backoff_ = first_backoff;
    down_reported_ = false;
    addresses_.clear();  // a later outage resolves the name again
    spdlog::info("Redis at {} connected: rate limits and idempotency records are shared",
                 printable(endpoint_));
  }
  if (listener_) listener_(ready);
}

void redis_connection::watch(bool read) {
  bool& armed = read ? read_armed_ : write_armed_;
  if (armed || !socket_.is_open()) return;
  armed = true;
  auto generation = generation_;
  socket_.async_wait(read ? boost::asio::posix::stream_descriptor::wait_read
                          : boost::asio::posix::stream_descriptor::wait_write,
                     [self = shared_from_this(), read, generation](const boost::system::error_code& ec) {
                       if (generation != self->generation_) return;  // a watch of an earlier connection
                       (read ? self->read_armed_ : self->write_armed_) = false;
                       if (ec || !self->context_) return;
                       if (!(read ? self->want_read_ : self->want_write_)) return;
                       if (read)
                         redisAsyncHandleRead(self->context_);
                       else
                         redisAsyncHandleWrite(self->context_);
                       if (self->context_ && generation == self->generation_ &&
                           (read ? self->want_read_ : self->want_write_))
                         self->watch(read);
                     });
}

void redis_connection::on_connect(const redisAsyncContext* ac, int status) {
  auto* self = owner_of(ac);
  if (status == REDIS_OK || self->context_ != ac) return;
  // hiredis frees the context once this returns, answering what waited with nothing.
  self->report_down(std::string("cannot connect: ") + ac->errstr);
  self->context_ = nullptr;
  cleanup(self);
  self->set_ready(false);
  self->schedule_reconnect();
}

void redis_connection::on_disconnect(const redisAsyncContext* ac, int status) {
  auto* self = owner_of(ac);
  if (self->discarding_ || self->context_ != ac) return;
  self->context_ = nullptr;
  cleanup(self);
  self->report_down(std::string("connection lost: ") + (status == REDIS_OK ? "closed" : ac->errstr));
  self->set_ready(false);
  self->schedule_reconnect();
}

void redis_connection::on_reply(redisAsyncContext*, void* reply, void* privdata) {
  static_cast<redis_connection*>(privdata)->take_reply(static_cast<redisReply*>(reply));
}

void redis_connection::want(void* self, bool read, bool wanted) {
  auto* c = static_cast<redis_connection*>(self);
  (read ? c->want_read_ : c->want_write_) = wanted;
  if (wanted) c->watch(read);
}

// The socket goes back to hiredis (which closes it); watches still waiting end as aborted.
void redis_connection::cleanup(void* self) {
  auto* c = static_cast<redis_connection*>(self);
  c->want_read_ = c->want_write_ = false;
  if (c->socket_.is_open()) {
    boost::system::error_code ignored;
    c->socket_.cancel(ignored);
    c->socket_.release();
  }
}

}  // namespace gw
