// Prometheus' text exposition format (0.0.4), and the metric families a unit declares for itself and
// renders through it: a counter by label set, a gauge, a histogram. For what is counted rarely (webhook
// deliveries, configuration loads): a mutex or an atomic, no per-thread shards.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

void append_metric_number(std::string& out, double value);
void append_metric_help(std::string& out, std::string_view name, std::string_view type,
                        std::string_view help);
void append_metric_sample(std::string& out, std::string_view name, std::string_view labels, double value);

// A counter with labels given as `name="value",...` text the caller builds from values it controls.
class labelled_counter {
 public:
  labelled_counter(const char* name, const char* help) : name_(name), help_(help) {}
  void add(const std::string& labels, std::uint64_t n = 1);
  std::uint64_t value(const std::string& labels) const;
  void render(std::string& out) const;

 private:
  const char* name_;
  const char* help_;
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> counts_;
};

class histogram {
 public:
  histogram(const char* name, const char* help, std::vector<double> bounds);
  void observe(double value);
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  void render(std::string& out) const;

 private:
  const char* name_;
  const char* help_;
  std::vector<double> bounds_;
  std::vector<std::atomic<std::uint64_t>> buckets_;  // one per bound, then +Inf
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

}  // namespace gw
