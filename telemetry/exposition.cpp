#include "telemetry/exposition.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gw {

namespace {
struct family_list {
  std::mutex mutex;
  std::vector<const metric_family*> families;
};

family_list& declared() {
  static family_list list;
  return list;
}
}  // namespace

metric_family::metric_family(const char* name, const char* help) : name_(name), help_(help) {
  auto& list = declared();
  std::lock_guard<std::mutex> lock(list.mutex);
  list.families.push_back(this);
}

metric_family::~metric_family() {
  auto& list = declared();
  std::lock_guard<std::mutex> lock(list.mutex);
  list.families.erase(std::remove(list.families.begin(), list.families.end(), this), list.families.end());
}

void render_declared_families(std::string& out) {
  auto& list = declared();
  std::lock_guard<std::mutex> lock(list.mutex);
  for (const auto* family : list.families) family->render(out);
}

void counter_metric::render(std::string& out) const {
  append_metric_help(out, name_, "counter", help_);
  append_metric_sample(out, name_, "", static_cast<double>(value()));
}

void gauge_metric::add(double delta) {
  auto current = value_.load(std::memory_order_relaxed);
  while (!value_.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
  }
}

void gauge_metric::render(std::string& out) const {
  append_metric_help(out, name_, "gauge", help_);
  append_metric_sample(out, name_, "", value());
}

void append_metric_number(std::string& out, double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  out += text;
}

void append_metric_help(std::string& out, std::string_view name, std::string_view type,
                        std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void append_metric_sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  append_metric_number(out, value);
  out += '\n';
}

void labelled_counter::add(const std::string& labels, std::uint64_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (max_series_ != 0 && counts_.size() >= max_series_ && !counts_.count(labels)) return;
  counts_[labels] += n;
}

std::uint64_t labelled_counter::value(const std::string& labels) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = counts_.find(labels);
  return it == counts_.end() ? 0 : it->second;
}

void labelled_counter::render(std::string& out) const {
  append_metric_help(out, name_, "counter", help_);
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [labels, count] : counts_)
    append_metric_sample(out, name_, labels, static_cast<double>(count));
}

histogram::histogram(const char* name, const char* help, std::vector<double> bounds)
    : metric_family(name, help), bounds_(std::move(bounds)), buckets_(bounds_.size() + 1) {}

void histogram::observe(double value) {
  if (!std::isfinite(value)) return;
  std::size_t slot = 0;
  while (slot < bounds_.size() && value > bounds_[slot]) ++slot;
  buckets_[slot].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (value > 0) sum_micros_.fetch_add(static_cast<std::uint64_t>(value * 1e6), std::memory_order_relaxed);
}

void histogram::render(std::string& out) const {
  append_metric_help(out, name_, "histogram", help_);
  std::string bucket = std::string(name_) + "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    cumulative += buckets_[b].load(std::memory_order_relaxed);
    std::string le = "le=\"";
    if (b < bounds_.size()) {
      char text[32];
      std::snprintf(text, sizeof text, "%g", bounds_[b]);
      le += text;
    } else {
      le += "+Inf";
    }
    le += '"';
    append_metric_sample(out, bucket, le, static_cast<double>(cumulative));
  }
  append_metric_sample(out, std::string(name_) + "_sum", "",
                       static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6);
  append_metric_sample(out, std::string(name_) + "_count", "", static_cast<double>(cumulative));
}

}  // namespace gw
