// Prometheus' text exposition format (0.0.4), and the metric families a unit declares for itself: a counter,
// a gauge, a counter by label set, a histogram. A family registers itself when it is made, and /metrics
// renders every family declared (telemetry/metrics adds the request path's per-thread counters), so a new
// metric is one declaration in the unit that counts it. For what is counted off the request path: atomics or
// a mutex, no per-thread shards.
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

class metric_family {
 public:
  metric_family(const char* name, const char* help);
  metric_family(const metric_family&) = delete;
  metric_family& operator=(const metric_family&) = delete;
  virtual ~metric_family();
  virtual void render(std::string& out) const = 0;

 protected:
  const char* name_;
  const char* help_;
};

// Every family that exists, in the order they were made.
void render_declared_families(std::string& out);

class counter_metric final : public metric_family {
 public:
  using metric_family::metric_family;
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }
  void render(std::string& out) const override;

 private:
  std::atomic<std::uint64_t> value_{0};
};

class gauge_metric final : public metric_family {
 public:
  using metric_family::metric_family;
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void add(double delta);
  double value() const { return value_.load(std::memory_order_relaxed); }
  void render(std::string& out) const override;

 private:
  std::atomic<double> value_{0};
};

// A counter with labels given as `name="value",...` text the caller builds from values it controls; past
// `max_series` label sets (0: no bound) a new one is not counted.
class labelled_counter final : public metric_family {
 public:
  labelled_counter(const char* name, const char* help, std::size_t max_series = 0)
      : metric_family(name, help), max_series_(max_series) {}
  void add(const std::string& labels, std::uint64_t n = 1);
  std::uint64_t value(const std::string& labels) const;
  void render(std::string& out) const override;

 private:
  std::size_t max_series_;
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> counts_;
};

class histogram final : public metric_family {
 public:
  histogram(const char* name, const char* help, std::vector<double> bounds);
  void observe(double value);
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  void render(std::string& out) const override;

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<std::uint64_t>> buckets_;  // one per bound, then +Inf
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

}  // namespace gw
