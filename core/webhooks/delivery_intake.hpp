// What one signed delivery to POST /webhooks/github comes to, decided before anything is queued: answered
// at once (a ping, an event or action that creates nothing, a job that is not ours, a malformed payload, a
// scope outside the signing secret's grants), a job event for the caps (in_progress, completed), or a
// queued job of ours whose create body goes through the API's validation and then to the dispatcher. The
// client texts of the route live here too.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/access/key_grants.hpp"
#include "core/protocol/http_reply.hpp"
#include "core/webhooks/job_intake.hpp"
#include "core/webhooks/webhook_settings.hpp"
#include "core/webhooks/workflow_job.hpp"

namespace gw {

struct delivery_facts {
  std::string_view event;        // X-GitHub-Event
  std::string_view delivery_id;  // X-GitHub-Delivery
  std::string_view content_type;
  std::string_view body;
};

struct delivery_decision {
  std::optional<http_reply> reply;  // answered now
  std::string_view outcome;         // its metrics outcome: ignored, refused (or "" when not answered now)
  std::string_view event_label;     // bounded: ping, workflow_job, other
  std::string_view action_label;    // bounded: queued, waiting, in_progress, completed, other, "-"
  std::optional<workflow_job_event> job;  // the payload, when it parsed
  bool job_update = false;                // in_progress or completed: tell the dispatcher, 202 sent
  std::optional<runner_target> target;    // queued and ours: validate create_body, then queue
  std::string create_body;
};

delivery_decision decide_delivery(const delivery_facts& facts, const webhook_settings& settings,
                                  const grant_set& signer_grants);

// The answer to a queued job once the dispatcher has taken it (or not).
http_reply job_accepted_reply(const workflow_job_event& job, std::string_view delivery_id);
http_reply job_duplicate_reply(const workflow_job_event& job, std::string_view delivery_id);
http_reply webhook_queue_full_reply();
http_reply webhook_store_unavailable_reply();
http_reply job_update_reply(const workflow_job_event& job, std::string_view action);

namespace messages {
inline constexpr std::string_view webhook_signature_missing =
    "Falta la firma del webhook: se requiere X-Hub-Signature-256 (X-Hub-Signature con SHA-1 no basta)";
inline constexpr std::string_view webhook_signature_malformed =
    "X-Hub-Signature-256 mal formada: se espera sha256=<64 dígitos hexadecimales>";
inline constexpr std::string_view webhook_signature_wrong =
    "Firma del webhook incorrecta: no corresponde a ningún secreto configurado";
}  // namespace messages

}  // namespace gw
