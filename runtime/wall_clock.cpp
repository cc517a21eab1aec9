#include "runtime/wall_clock.hpp"

#include <ctime>

namespace gw {

void append_utc_timestamp(std::string& out) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  // Formatting the date is the costly part; it changes once a second, so each thread keeps the last one.
  thread_local time_t cached_second = -1;
  thread_local char cached[24];
  if (now.tv_sec != cached_second) {
    std::tm parts{};
    gmtime_r(&now.tv_sec, &parts);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &parts);
    cached_second = now.tv_sec;
  }
  auto millis = static_cast<int>(now.tv_nsec / 1000000);
  char tail[5] = {'.', static_cast<char>('0' + millis / 100), static_cast<char>('0' + millis / 10 % 10),
                  static_cast<char>('0' + millis % 10), 'Z'};
  out.append(cached, 19);
  out.append(tail, sizeof tail);
}

std::string utc_timestamp() {
  std::string out;
  out.reserve(24);
  append_utc_timestamp(out);
  return out;
}

}  // namespace gw
