#include "webhook_delivery.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <cstdio>
#include <random>

namespace harness {

namespace {
std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

std::string form_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}
}  // namespace

std::string workflow_job_payload(const job_fields& job) {
  auto owner = job.repository.substr(0, job.repository.find('/'));
  auto name = job.repository.substr(job.repository.find('/') + 1);
  auto id = std::to_string(job.job_id);
  std::string labels;
  for (const auto& l : job.labels) labels += (labels.empty() ? "" : ",") + quoted(l);
  std::string steps;
  for (int i = 0; i < 12; ++i)
    steps += std::string(i ? "," : "") + R"({"name":"Step )" + std::to_string(i) +
             R"( of the build: checkout, set up toolchain, compile and test","status":"queued",)"
             R"("conclusion":null,"number":)" +
             std::to_string(i + 1) + R"(,"started_at":null,"completed_at":null})";
  bool started = job.action == "in_progress" || job.action == "completed";
  std::string url = "https://api.github.com/repos/" + job.repository;
  std::string body =
      R"({"action":)" + quoted(job.action) + R"(,"workflow_job":{"id":)" + id +
      R"(,"run_id":5501234567,"workflow_name":"CI","head_branch":"main","run_url":")" + url +
      R"(/actions/runs/5501234567","run_attempt":)" + std::to_string(job.run_attempt) +
      R"(,"node_id":"CR_kwDOABCD8M8AAAABSomething","head_sha":"f00dbabe0123456789abcdef0123456789abcdef",)"
      R"("url":")" +
      url + "/actions/jobs/" + id + R"(","html_url":"https://github.com/)" + job.repository +
      "/actions/runs/5501234567/job/" + id + R"(","status":)" +
      quoted(job.action == "completed" ? "completed" : job.action) + R"(,"conclusion":)" +
      (job.action == "completed" ? quoted("success") : "null") +
      R"(,"created_at":"2024-02-04T23:54:00Z","started_at":)" +
      (started ? quoted("2024-02-04T23:54:09Z") : quoted("2024-02-04T23:54:00Z")) +
      R"(,"completed_at":null,"name":"build ubuntu-20","steps":[)" + steps + R"(],"check_run_url":")" + url +
      "/check-runs/" + id + R"(","labels":[)" + labels + R"(],"runner_id":)" +
      (job.runner_name.empty() ? "null" : "7") + R"(,"runner_name":)" +
      (job.runner_name.empty() ? "null" : quoted(job.runner_name)) +
      R"(,"runner_group_id":null,"runner_group_name":null},"repository":{"id":123456789,)"
      R"("node_id":"R_kgDOABCDEF","name":)" +
      quoted(name) + R"(,"full_name":)" + quoted(job.repository) + R"(,"private":true,"owner":{"login":)" +
      quoted(owner) + R"(,"id":9919,"type":)" + quoted(job.organization.empty() ? "User" : "Organization") +
      R"(,"site_admin":false},"html_url":"https://github.com/)" + job.repository +
      R"(","description":"An application with a CI pipeline","fork":false,"url":")" + url +
      R"(","default_branch":"main","visibility":"private","topics":["ci","runners"]})";
  if (!job.organization.empty())
    body += R"(,"organization":{"login":)" + quoted(job.organization) +
            R"(,"id":9919,"node_id":"O_kgDOABCD","url":"https://api.github.com/orgs/)" + job.organization +
            R"(","description":"The organisation"})";
  body += R"(,"sender":{"login":"octocat","id":583231,"type":"User","site_admin":false}})";
  // Pad to a realistic size with the kind of text GitHub adds (long URLs of every related resource).
  while (body.size() < 10000)
    body.insert(body.size() - 1, R"(,"x_related_)" + std::to_string(body.size()) + R"(":")" + url +
                                     "/actions/runs/5501234567/attempts/1/logs/and/more/" +
                                     std::string(60, 'a') + "\"");
  return body;
}

std::string hub_signature(const std::string& secret, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &length);
  std::string hex = "sha256=";
  char two[3];
  for (unsigned i = 0; i < length; ++i) {
    std::snprintf(two, sizeof two, "%02x", mac[i]);
    hex += two;
  }
  return hex;
}

delivery queued(std::uint64_t job_id, std::uint64_t attempt, std::string repository) {
  job_fields job;
  job.job_id = job_id;
  job.run_attempt = attempt;
  job.repository = std::move(repository);
  return {"workflow_job", {}, workflow_job_payload(job), false, test_webhook_secret};
}

std::string new_delivery_id() {
  static std::atomic<unsigned> counter{0};
  static const unsigned seed = std::random_device{}();
  char text[64];
  std::snprintf(text, sizeof text, "%08x-cc78-11e3-81ab-%012x", seed, counter.fetch_add(1) + 1);
  return text;
}

response deliver(unsigned short port, delivery d) {
  if (d.id.empty()) d.id = new_delivery_id();
  std::string body = d.form ? "payload=" + form_encode(d.body) : d.body;
  headers h{{"User-Agent", "GitHub-Hookshot/044aadd"},
            {"X-GitHub-Event", d.event},
            {"X-GitHub-Delivery", d.id},
            {"X-GitHub-Hook-ID", "292430182"},
            {"Content-Type", d.form ? "application/x-www-form-urlencoded" : "application/json"}};
  if (!d.secret.empty()) {
    if (!d.sha1_only) h.emplace_back("X-Hub-Signature-256", hub_signature(d.secret, body));
    h.emplace_back("X-Hub-Signature", "sha1=d03207e4b030cf234e3447bac4d93add4c6643d8");
  }
  return request(port, "POST", "/webhooks/github", body, h);
}

std::vector<std::string> creates(simulator& sim) {
  std::vector<std::string> bodies;
  for (const auto& r : sim.requests())
    if (r.method == "POST" && r.target == "/runners/create") bodies.push_back(r.body);
  return bodies;
}

}  // namespace harness
