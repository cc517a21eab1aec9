#include "telemetry/exposition.hpp"

#include <cmath>
#include <cstdio>

namespace gw {

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
    : name_(name), help_(help), bounds_(std::move(bounds)), buckets_(bounds_.size() + 1) {}

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
