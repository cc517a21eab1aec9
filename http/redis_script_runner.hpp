// What runs the gateway's Redis scripts: the per-thread connection (http/redis_connection), or a test's
// stand-in. Each call is answered once, on the caller's thread: with Redis's reply, or with none (nullptr).
#pragma once
#include <functional>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "core/redis/redis_scripts.hpp"

namespace gw {

struct redis_answer {
  enum class kind { integer, text, error, other } what = kind::other;
  long long integer = 0;
  std::string_view text;  // a bulk or status string, or the error's text
};

class redis_script_runner {
 public:
  using handler = std::function<void(const redis_answer*)>;  // nullptr: no answer
  virtual ~redis_script_runner() = default;
  virtual void eval(const redis_script& script, std::initializer_list<std::string_view> keys,
                    std::initializer_list<std::string_view> args, handler done) = 0;
  // The moment on Redis's clock (µs) after which a command sent now would come too late; nullopt when there
  // is no ready connection.
  virtual std::optional<long long> redis_deadline_us() const = 0;
};

}  // namespace gw
