#include "actors/io_scheduler.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <caf/detail/simple_actor_clock.hpp>
#include <caf/logger.hpp>
#include <caf/scheduled_actor.hpp>

#include <algorithm>
#include <limits>

namespace gw {

namespace net = boost::asio;

namespace {
// Spare bits of an actor's flags in CAF 0.17.6 (it uses 0x0004-0x2000 and 0x01000000-0x10000000).
constexpr int pinned_flag = 0x4000;         // pinned: look its home up before running it elsewhere
constexpr int foreign_timer_flag = 0x8000;  // set a timer on CAF's clock thread: cancel it there too

thread_local io_worker* this_thread_worker = nullptr;

// Jobs resumed per drain before socket handlers get their turn (actors ping-ponging must not starve I/O).
constexpr std::size_t drain_budget = 1024;

caf::abstract_actor* as_actor(caf::resumable* job) {
  auto kind = job->subtype();
  if (kind != caf::resumable::scheduled_actor && kind != caf::resumable::io_actor) return nullptr;
  return static_cast<caf::scheduled_actor*>(job);
}
}  // namespace

// The timers of one I/O thread's actors, driven by one Asio timer of that thread.
class worker_clock final : public caf::detail::simple_actor_clock {
 public:
  using super = caf::detail::simple_actor_clock;
  explicit worker_clock(net::io_context& io) : timer_(io) {}

  void set_ordinary_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                            uint64_t id) override {
    super::set_ordinary_timeout(t, self, type, id);
    rearm();
  }
  void set_multi_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                         uint64_t id) override {
    super::set_multi_timeout(t, self, type, id);
    rearm();
  }
  void set_request_timeout(time_point t, caf::abstract_actor* self, caf::message_id id) override {
    super::set_request_timeout(t, self, id);
    rearm();
  }
  void schedule_message(time_point t, caf::strong_actor_ptr receiver,
                        caf::mailbox_element_ptr content) override {
    super::schedule_message(t, std::move(receiver), std::move(content));
    rearm();
  }
  void schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                        caf::message content) override {
    super::schedule_message(t, std::move(target), std::move(sender), std::move(content));
    rearm();
  }

  void shut_down() {
    cancel_all();
    timer_.cancel();
  }

 private:
  // The Asio timer waits for the earliest entry; an entry cancelled meanwhile only makes it fire early.
  void rearm() {
    if (schedule_.empty()) return;
    auto first = schedule_.begin()->first;
    if (first >= armed_) return;
    armed_ = first;
    timer_.expires_at(first);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      armed_ = time_point::max();
      trigger_expired_timeouts();  // wakes the actors through io_coordinator::enqueue, on this thread
      rearm();
    });
  }

  net::steady_timer timer_;
  time_point armed_ = time_point::max();
};

void drop_caf_logger_reference() {
  if (caf::logger::current_logger() != nullptr) caf::logger::set_current_actor_system(nullptr);
}

// --- io_worker ---

io_worker::io_worker(io_coordinator& parent, std::size_t index, std::size_t max_throughput)
    : caf::execution_unit(&parent.system()),
      parent_(parent),
      index_(index),
      max_throughput_(max_throughput),
      io_(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO),
      guard_(net::make_work_guard(io_)),
      clock_(std::make_unique<worker_clock>(io_)) {}

io_worker::~io_worker() = default;

io_worker* io_worker::current() {
  return this_thread_worker;
}

bool io_worker::hosts(const caf::abstract_actor* actor) const {
  for (auto* a : pinned_here_)
    if (a == actor) return true;
  return false;
}

void io_worker::exec_later(caf::resumable* job) {
  if (auto* home = parent_.home_of(job); home != nullptr && home != this) return home->post_job(job);
  queue_.push_back(job);
  // A drain under way takes it in the same pass: one posted handler per burst, not one per message.
  if (drain_posted_) return;
  drain_posted_ = true;
  net::post(io_, [this] { drain(); });
}

namespace {
// A job handed to another thread; if that thread has stopped, the reference it holds is still released.
struct posted_job {
  explicit posted_job(caf::resumable* j) : job(j) {}
  posted_job(posted_job&& other) noexcept : job(std::exchange(other.job, nullptr)) {}
  posted_job(const posted_job&) = delete;
  ~posted_job() {
    if (job != nullptr) caf::intrusive_ptr_release(job);
  }
  caf::resumable* take() { return std::exchange(job, nullptr); }
  caf::resumable* job;
};
}  // namespace

void io_worker::post_job(caf::resumable* job) {
  net::post(io_, [this, held = posted_job(job)]() mutable { exec_later(held.take()); });
}

void io_worker::drain() {
  // Jobs woken while this runs join the queue and are run in the same pass, up to the budget.
  std::size_t budget = drain_budget;
  while (head_ < queue_.size() && budget-- > 0) {
    auto* job = queue_[head_++];
    drop_caf_logger_reference();
    switch (job->resume(this, max_throughput_)) {
      case caf::resumable::resume_later:
        queue_.push_back(job);  // keeps its reference
        break;
      case caf::resumable::done:
      case caf::resumable::awaiting_message:
      case caf::resumable::shutdown_execution_unit:
        caf::intrusive_ptr_release(job);
        break;
    }
  }
  if (head_ < queue_.size()) {
    // Over budget: socket handlers get their turn, the rest comes next.
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
    net::post(io_, [this] { drain(); });
    return;
  }
  queue_.clear();
  head_ = 0;
  drain_posted_ = false;
}

void io_worker::run() {
  this_thread_worker = this;
  system().thread_started();
  io_.run();
  system().thread_terminates();
  drop_caf_logger_reference();  // ~actor_system waits for every thread's reference
  this_thread_worker = nullptr;
}

void io_worker::stop_on_own_thread() {
  drain();
  clock_->shut_down();
  guard_.reset();
  io_.stop();
}

// --- routing_clock ---

worker_clock* routing_clock::local() const {
  auto* here = io_worker::current();
  return here != nullptr && &here->parent() == &parent_ ? &here->clock() : nullptr;
}

void routing_clock::set_ordinary_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                                         uint64_t id) {
  if (auto* c = local()) return c->set_ordinary_timeout(t, self, type, id);
  self->setf(foreign_timer_flag);
  super::set_ordinary_timeout(t, self, type, id);
}

void routing_clock::set_multi_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                                      uint64_t id) {
  if (auto* c = local()) return c->set_multi_timeout(t, self, type, id);
  self->setf(foreign_timer_flag);
  super::set_multi_timeout(t, self, type, id);
}

void routing_clock::set_request_timeout(time_point t, caf::abstract_actor* self, caf::message_id id) {
  if (auto* c = local()) return c->set_request_timeout(t, self, id);
  self->setf(foreign_timer_flag);
  super::set_request_timeout(t, self, id);
}

void routing_clock::cancel_ordinary_timeout(caf::abstract_actor* self, caf::atom_value type) {
  if (auto* c = local()) c->cancel_ordinary_timeout(self, type);
  if (self->getf(foreign_timer_flag)) super::cancel_ordinary_timeout(self, type);
}

void routing_clock::cancel_request_timeout(caf::abstract_actor* self, caf::message_id id) {
  if (auto* c = local()) c->cancel_request_timeout(self, id);
  if (self->getf(foreign_timer_flag)) super::cancel_request_timeout(self, id);
}

// Called for every actor that terminates: on its own thread this is a local map look-up, and CAF's clock
// thread is woken only for an actor that once set a timer there.
void routing_clock::cancel_timeouts(caf::abstract_actor* self) {
  if (auto* c = local()) c->cancel_timeouts(self);
  if (self->getf(foreign_timer_flag)) super::cancel_timeouts(self);
}

void routing_clock::schedule_message(time_point t, caf::strong_actor_ptr receiver,
                                     caf::mailbox_element_ptr content) {
  if (auto* c = local()) return c->schedule_message(t, std::move(receiver), std::move(content));
  super::schedule_message(t, std::move(receiver), std::move(content));
}

void routing_clock::schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                                     caf::message content) {
  if (auto* c = local())
    return c->schedule_message(t, std::move(target), std::move(sender), std::move(content));
  super::schedule_message(t, std::move(target), std::move(sender), std::move(content));
}

// --- io_coordinator ---

void io_coordinator::install(caf::actor_system_config& cfg, std::size_t threads) {
  cfg.module_factories.push_back([threads](caf::actor_system& sys) -> caf::actor_system::module* {
    return new io_coordinator(sys, threads);
  });
}

io_coordinator* io_coordinator::of(caf::actor_system& sys) {
  return dynamic_cast<io_coordinator*>(&sys.scheduler());
}

io_coordinator::io_coordinator(caf::actor_system& sys, std::size_t threads) : super(sys), clock_(*this) {
  if (threads == 0) threads = 1;
  for (std::size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<io_worker>(*this, i, 0));
}

io_coordinator::~io_coordinator() = default;

void io_coordinator::init(caf::actor_system_config& cfg) {
  super::init(cfg);
  num_workers_ = workers_.size();
  for (auto& w : workers_) w->max_throughput_ = max_throughput_;
}

void io_coordinator::start() {
  for (auto& w : workers_) {
    auto* worker = w.get();
    worker->thread_ = std::thread([worker] { worker->run(); });
  }
  clock_thread_ = std::thread([this] {
    system().thread_started();
    clock_.run_dispatch_loop();
    system().thread_terminates();
  });
  super::start();
}

void io_coordinator::stop() {
  stop_actors();
  for (auto& w : workers_) net::post(w->io_, [worker = w.get()] { worker->stop_on_own_thread(); });
  for (auto& w : workers_)
    if (w->thread_.joinable()) w->thread_.join();
  for (auto& w : workers_) {
    for (auto i = w->head_; i < w->queue_.size(); ++i) cleanup_and_release(w->queue_[i]);
    w->queue_.clear();
  }
  clock_.cancel_dispatch_loop();
  if (clock_thread_.joinable()) clock_thread_.join();
}

void io_coordinator::pin_to_this_thread(caf::abstract_actor* actor) {
  auto* here = io_worker::current();
  if (actor == nullptr || here == nullptr || &here->parent() != this) return;
  here->pinned_here_.push_back(actor);
  {
    std::lock_guard<std::mutex> lock(homes_mutex_);
    homes_[actor] = here;
  }
  actor->setf(pinned_flag);
  // Forgotten when it ends (on its own thread, or once the threads are joined), so that a later actor
  // at the same address is never taken for it.
  actor->attach_functor([this, actor, here] { forget(actor, here); });
}

void io_coordinator::forget(const caf::abstract_actor* actor, io_worker* home) {
  auto& here = home->pinned_here_;
  here.erase(std::remove(here.begin(), here.end(), actor), here.end());
  std::lock_guard<std::mutex> lock(homes_mutex_);
  homes_.erase(actor);
}

std::size_t io_coordinator::pinned_actors() {
  std::lock_guard<std::mutex> lock(homes_mutex_);
  return homes_.size();
}

io_worker* io_coordinator::home_of(caf::resumable* job) {
  auto* actor = as_actor(job);
  if (actor == nullptr || !actor->getf(pinned_flag)) return nullptr;
  if (auto* here = io_worker::current(); here != nullptr && here->hosts(actor)) return here;
  std::lock_guard<std::mutex> lock(homes_mutex_);
  auto it = homes_.find(actor);
  return it == homes_.end() ? nullptr : it->second;
}

// Wake-ups from outside an actor: a spawn or send from an Asio handler, a timer, a foreign thread.
void io_coordinator::enqueue(caf::resumable* job) {
  if (auto* here = io_worker::current(); here != nullptr && &here->parent() == this)
    return here->exec_later(job);
  if (auto* home = home_of(job)) return home->post_job(job);
  workers_[next_worker_.fetch_add(1, std::memory_order_relaxed) % workers_.size()]->post_job(job);
}

}  // namespace gw
