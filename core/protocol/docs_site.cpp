#include "core/protocol/docs_site.hpp"

#include "core/protocol/envelope.hpp"
#include "core/protocol/openapi_document.hpp"

namespace gw {

namespace {
constexpr const char* files[] = {"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png",
                                 "redoc.standalone.js", nullptr};

// Relative URLs, so the pages also work behind a reverse proxy that mounts the gateway under a prefix.
constexpr std::string_view swagger_page = R"(<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GHA API Gateway - Swagger UI</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/swagger-init.js"></script>
</body>
</html>
)";

constexpr std::string_view swagger_init = R"(window.ui = SwaggerUIBundle({
  url: new URL('openapi.json', document.baseURI).href,
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout'
});
)";

constexpr std::string_view redoc_page = R"(<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GHA API Gateway - ReDoc</title>
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<redoc spec-url="openapi.json"></redoc>
<script src="redoc/redoc.standalone.js"></script>
</body>
</html>
)";

// Everything the pages load comes from this origin; ReDoc and Swagger UI inject styles and ReDoc starts
// a worker from a blob.
constexpr std::string_view page_policy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'";

std::string_view content_type_for(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".js")) return "application/javascript; charset=utf-8";
  if (ends_with(".png")) return "image/png";
  return "application/octet-stream";
}

std::shared_ptr<const std::string> shared_text(std::string_view text) {
  return std::make_shared<const std::string>(text);
}
}  // namespace

const char* const* docs_site::asset_files() {
  return files;
}

docs_site::docs_site() {
  pages_["/openapi.json"] = {shared_text(openapi_document()), "application/json", false};
}

std::string docs_site::use_assets(asset_contents contents, std::string_view dir) {
  std::string missing;
  std::map<std::string, page, std::less<>> assets;
  for (const char* const* name = files; *name; ++name) {
    auto text = contents.find(*name);
    if (text == contents.end()) {
      missing += missing.empty() ? "" : ", ";
      missing += *name;
      continue;
    }
    std::string url =
        std::string(std::string_view(*name) == "redoc.standalone.js" ? "/redoc/" : "/docs/") + *name;
    assets[url] = {std::make_shared<const std::string>(std::move(text->second)), content_type_for(*name),
                   true};
  }
  if (!missing.empty()) return "documentation assets missing in '" + std::string(dir) + "': " + missing;
  for (auto& [url, asset] : assets) pages_[url] = std::move(asset);
  pages_["/docs"] = {shared_text(swagger_page), "text/html; charset=utf-8", false};
  pages_["/docs/swagger-init.js"] = {shared_text(swagger_init), "application/javascript; charset=utf-8",
                                     false};
  pages_["/redoc"] = {shared_text(redoc_page), "text/html; charset=utf-8", false};
  assets_loaded_ = true;
  return {};
}

std::optional<http_reply> docs_site::reply_for(std::string_view path) const {
  auto it = pages_.find(path);
  if (it == pages_.end()) {
    if (!assets_loaded_ && (path == "/docs" || path == "/redoc"))
      return error_reply(503, "Documentación no disponible: faltan los recursos de Swagger UI y ReDoc");
    return std::nullopt;
  }
  http_reply reply;
  reply.shared_body = it->second.body;
  reply.content_type = it->second.content_type;
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (it->second.immutable) {
    reply.headers.emplace_back("Cache-Control", "public, max-age=86400");
  } else {
    reply.headers.emplace_back("Cache-Control", "no-cache");
  }
  if (it->second.content_type.rfind("text/html", 0) == 0) {
    reply.headers.emplace_back("Content-Security-Policy", std::string(page_policy));
    reply.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  return reply;
}

}  // namespace gw
