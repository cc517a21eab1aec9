// libFuzzer target: what a signed webhook delivery comes to (core/webhooks), from any bytes. Besides "no
// crash, no leak, no UB": a delivery is answered with one of the route's statuses or becomes a create body
// that is canonical JSON with count 1 and the job's runner name; the job's record survives the stream
// whole; a signature is valid only when it is the body's HMAC; the stream's entry parser takes any text.
#include <rapidjson/document.h>

#include <cstdint>
#include <string>

#include "core/runners/runner_request.hpp"
#include "core/webhooks/delivery_intake.hpp"
#include "core/webhooks/job_record.hpp"
#include "core/webhooks/webhook_signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const content_types[] = {"application/json", "application/x-www-form-urlencoded",
                                              "application/json; charset=utf-8", "text/plain"};
  static const char* const events[] = {"workflow_job", "ping", "push", ""};
  auto selector = data[0];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  gw::webhook_settings settings;
  settings.scope = (selector & 0x10) ? gw::webhook_scope::org : gw::webhook_scope::repo;
  gw::grant_set grants;
  if (selector & 0x20) grants = gw::grant_set({*gw::parse_grant("repo:acme/*")});
  auto decision = gw::decide_delivery({events[selector & 3], "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                                       content_types[(selector >> 2) & 3], body},
                                      settings, grants);
  if (decision.reply) {
    auto status = decision.reply->status;
    if (status != 200 && status != 202 && status != 400 && status != 403) __builtin_trap();
  } else {
    if (!decision.job || !decision.target) __builtin_trap();
    rapidjson::Document doc;
    doc.Parse(decision.create_body.c_str(), decision.create_body.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc["count"].IsInt() || doc["count"].GetInt() != 1)
      __builtin_trap();
    if (doc["runner_name"].GetString() !=
        gw::runner_name_for(decision.job->job_id, decision.job->run_attempt))
      __builtin_trap();
    auto verdict = gw::validate_runner_request(decision.create_body);
    gw::webhook_job_record job{"d",
                               decision.job->job_id,
                               decision.job->run_attempt,
                               decision.target->scope,
                               decision.target->scope_name,
                               verdict.ok ? verdict.canonical_body : std::string("{}"),
                               "s",
                               "r",
                               "t",
                               1};
    auto text = gw::job_record_text(job);
    if (!text.empty()) {
      auto back = gw::job_record_from_text(text);
      if (!back || back->create_body != job.create_body || back->scope_name != job.scope_name)
        __builtin_trap();
    }
  }
  std::string secret = "fuzz-secret-0123456789";
  using verdict = gw::signature_check::verdict;
  if (gw::check_signature(gw::signature_header_for(secret, body), body, {"other-secret-0123456", secret})
          .outcome != verdict::valid)
    __builtin_trap();
  if (gw::check_signature(gw::signature_header_for(secret, body + "x"), body, {secret}).outcome !=
      verdict::wrong)
    __builtin_trap();
  auto any_header = gw::check_signature(body.substr(0, 80), body, {secret}).outcome;
  if (any_header == verdict::valid) __builtin_trap();  // a header cannot be the HMAC of a body holding it
  (void)gw::stream_entries_from_text(body);
  (void)gw::update_record_from_text(body);
  (void)gw::parse_github_time(body);
  return 0;
}
