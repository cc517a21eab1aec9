#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <string>

#include "app/startup_inputs.hpp"
#include "core/protocol/docs_site.hpp"

namespace {
std::string header(const gw::http_reply& reply, const std::string& name) {
  for (const auto& [n, v] : reply.headers)
    if (n == name) return v;
  return {};
}

std::string make_assets_dir() {
  char pattern[] = "/tmp/gw-docs-XXXXXX";
  std::string dir = ::mkdtemp(pattern);
  for (const char* const* name = gw::docs_site::asset_files(); *name; ++name)
    std::ofstream(dir + "/" + *name) << "asset:" << *name;
  return dir;
}
}  // namespace

TEST_CASE("/openapi.json is served even without the UI assets; /docs and /redoc then answer 503") {
  gw::docs_site site;
  CHECK(site.use_assets(gw::read_docs_assets("/nonexistent-dir"), "/nonexistent-dir") ==
        "documentation assets missing in '/nonexistent-dir': swagger-ui.css, swagger-ui-bundle.js, "
        "favicon-32x32.png, redoc.standalone.js");
  auto openapi = site.reply_for("/openapi.json");
  REQUIRE(openapi);
  CHECK(openapi->status == 200);
  CHECK(openapi->content_type == "application/json");
  REQUIRE(openapi->shared_body);
  CHECK(openapi->shared_body->find("\"openapi\"") != std::string::npos);
  auto docs = site.reply_for("/docs");
  REQUIRE(docs);
  CHECK(docs->status == 503);
  CHECK_FALSE(site.reply_for("/docs/swagger-ui-bundle.js"));
}

TEST_CASE("with the assets, /docs and /redoc are pages that load everything from the gateway itself") {
  auto dir = make_assets_dir();
  gw::docs_site site;
  CHECK(site.use_assets(gw::read_docs_assets(dir), dir).empty());

  auto docs = site.reply_for("/docs");
  REQUIRE(docs);
  CHECK(docs->status == 200);
  CHECK(docs->content_type == "text/html; charset=utf-8");
  CHECK(docs->shared_body->find("docs/swagger-ui-bundle.js") != std::string::npos);
  CHECK(docs->shared_body->find("http") == std::string::npos);  // no external URL anywhere in the page
  CHECK(header(*docs, "Content-Security-Policy").find("default-src 'self'") != std::string::npos);

  auto redoc = site.reply_for("/redoc");
  REQUIRE(redoc);
  CHECK(redoc->shared_body->find("spec-url=\"openapi.json\"") != std::string::npos);
  CHECK(redoc->shared_body->find("http") == std::string::npos);

  auto bundle = site.reply_for("/docs/swagger-ui-bundle.js");
  REQUIRE(bundle);
  CHECK(*bundle->shared_body == "asset:swagger-ui-bundle.js");
  CHECK(bundle->content_type == "application/javascript; charset=utf-8");
  CHECK(header(*bundle, "Cache-Control") == "public, max-age=86400");
  CHECK(site.reply_for("/docs/swagger-ui.css")->content_type == "text/css; charset=utf-8");
  CHECK(site.reply_for("/docs/favicon-32x32.png")->content_type == "image/png");
  CHECK(site.reply_for("/redoc/redoc.standalone.js"));
  CHECK(site.reply_for("/docs/swagger-init.js")->shared_body->find("openapi.json") != std::string::npos);

  // Only the fixed list is served: nothing is looked up on disk by the request's path.
  CHECK_FALSE(site.reply_for("/docs/../../etc/passwd"));
  CHECK_FALSE(site.reply_for("/docs/package.json"));
  CHECK_FALSE(site.reply_for("/docs/"));
  CHECK_FALSE(site.reply_for("/redoc/swagger-ui-bundle.js"));
  std::system(("rm -rf " + dir).c_str());
}
