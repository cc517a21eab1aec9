// /openapi.json, Swagger UI at /docs and ReDoc at /redoc. The UI assets come from npm at build time and
// are read once at start-up (app/ reads them); the gateway serves them itself, so the pages work on a host
// with no Internet access. Only the fixed list of files below is ever served (no path lookup).
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/http_reply.hpp"

namespace gw {

class docs_site {
 public:
  docs_site();

  // The UI assets, by file name (asset_files()), as read from `dir`; returns "" or a line naming what is
  // missing. Without them /openapi.json still works and /docs, /redoc answer 503.
  using asset_contents = std::map<std::string, std::string, std::less<>>;
  std::string use_assets(asset_contents contents, std::string_view dir);

  // The reply for GET `path` under /docs, /redoc or /openapi.json; nullopt if it is none of ours.
  std::optional<http_reply> reply_for(std::string_view path) const;

  // The asset files expected in the directory, as the build step lays them out.
  static const char* const* asset_files();

 private:
  struct page {
    std::shared_ptr<const std::string> body;
    std::string_view content_type;
    bool immutable;  // an npm asset (cached by browsers) rather than a page
  };
  std::map<std::string, page, std::less<>> pages_;
  bool assets_loaded_ = false;
};

}  // namespace gw
