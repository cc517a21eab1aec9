#include "http/deadline_service.hpp"

#include <algorithm>

namespace gw {

boost::asio::io_context::id deadline_service::id;

deadline_service::deadline_service(boost::asio::io_context& ioc)
    : boost::asio::io_context::service(ioc), timer_(ioc) {}

std::size_t deadline_service::armed_count() const {
  return static_cast<std::size_t>(std::count_if(
      slots_.begin(), slots_.end(), [](const slot& s) { return s.due != clock::time_point::max(); }));
}

void deadline_service::add(deadline* d) {
  d->slot_ = slots_.size();
  slots_.push_back({clock::time_point::max(), d});
}

void deadline_service::remove(deadline* d) {
  auto index = d->slot_;
  slots_[index] = slots_.back();
  slots_[index].owner->slot_ = index;
  slots_.pop_back();
  if (sweeping_) std::replace(expiring_.begin(), expiring_.end(), d, static_cast<deadline*>(nullptr));
}

void deadline_service::set(deadline* d, clock::time_point due) {
  slots_[d->slot_].due = due;
  if (due < scheduled_) schedule(due);
}

void deadline_service::schedule(clock::time_point due) {
  scheduled_ = due;
  timer_.expires_at(due);  // cancels the wait for a later time, whose handler then does nothing
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) sweep();
  });
}

void deadline_service::sweep() {
  scheduled_ = clock::time_point::max();
  auto now = clock::now();
  auto earliest = clock::time_point::max();
  expiring_.clear();
  for (auto& s : slots_) {
    if (s.due <= now) {
      s.due = clock::time_point::max();
      expiring_.push_back(s.owner);
    } else if (s.due < earliest) {
      earliest = s.due;
    }
  }
  if (earliest < scheduled_) schedule(earliest);
  sweeping_ = true;
  // By index: a callback may re-arm deadlines (a later sweep's business) or end one whose turn is still
  // to come (remove() clears it here).
  for (std::size_t i = 0; i < expiring_.size(); ++i)
    if (auto* d = expiring_[i]) d->on_expiry_(d->context_);
  sweeping_ = false;
  expiring_.clear();
}

deadline::deadline(deadline_service& service, callback on_expiry, void* context)
    : service_(service), on_expiry_(on_expiry), context_(context) {
  service_.add(this);
}

deadline::deadline(boost::asio::io_context& ioc, callback on_expiry, void* context)
    : deadline(boost::asio::use_service<deadline_service>(ioc), on_expiry, context) {}

deadline::~deadline() {
  service_.remove(this);
}

}  // namespace gw
