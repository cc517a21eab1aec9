// Test helper: a header field of an http_reply, or "<none>".
#pragma once
#include <string>

#include "core/protocol/http_reply.hpp"

inline std::string header(const gw::http_reply& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "<none>";
}
