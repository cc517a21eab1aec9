#include "core/webhooks/delivery_intake.hpp"

#include "core/protocol/envelope.hpp"
#include "core/text/json_text.hpp"

namespace gw {

namespace {
std::string_view bounded(std::string_view value, std::initializer_list<std::string_view> known) {
  for (auto word : known)
    if (value == word) return word;
  return "other";
}

http_reply acknowledged(unsigned status, std::string_view message) {
  auto reply = success_reply("null", message);
  reply.status = status;
  return reply;
}

std::string job_data(const workflow_job_event& job, std::string_view delivery_id) {
  std::string data = "{\"delivery_id\":";
  append_json_string(data, delivery_id);
  data += ",\"job_id\":" + std::to_string(job.job_id) + ",\"run_attempt\":" + std::to_string(job.run_attempt);
  data += ",\"runner_name\":";
  append_json_string(data, runner_name_for(job.job_id, job.run_attempt));
  data += '}';
  return data;
}
// The job was not recorded: GitHub shows the delivery as failed, and it can be redelivered.
http_reply not_recorded(std::string_view message) {
  auto reply = error_reply(503, message);
  reply.headers.emplace_back("Retry-After", "30");
  return reply;
}
}  // namespace

delivery_decision decide_delivery(const delivery_facts& facts, const webhook_settings& settings,
                                  const grant_set& signer_grants) {
  delivery_decision d;
  d.event_label = bounded(facts.event, {"ping", "workflow_job"});
  d.action_label = "-";
  auto answer = [&](http_reply reply, std::string_view outcome) {
    d.reply = std::move(reply);
    d.outcome = outcome;
    return std::move(d);
  };
  if (facts.event == "ping")
    return answer(acknowledged(200, "pong: webhook recibido y firma válida"), "ignored");
  if (facts.event.empty()) return answer(error_reply(400, "Falta la cabecera X-GitHub-Event"), "refused");
  if (facts.event != "workflow_job")
    return answer(acknowledged(202, "Evento recibido: solo workflow_job crea runners; nada que hacer"),
                  "ignored");
  if (!is_delivery_id(facts.delivery_id))
    return answer(error_reply(400, "X-GitHub-Delivery ausente o inválido (1-64 letras, números o '-')"),
                  "refused");
  auto payload = webhook_payload_text(facts.content_type, facts.body);
  if (!payload)
    return answer(
        error_reply(400,
                    "Content-Type debe ser application/json, o application/x-www-form-urlencoded con "
                    "un solo campo payload"),
        "refused");
  auto parsed = parse_workflow_job(*payload);
  if (!parsed.event) return answer(error_reply(400, parsed.error), "refused");
  d.job = std::move(parsed.event);
  const auto& job = *d.job;
  d.action_label = bounded(job.action, {"queued", "waiting", "in_progress", "completed"});
  if (job.action == "in_progress" || job.action == "completed") {
    d.job_update = true;
    return answer(job_update_reply(job, job.action), "ignored");
  }
  if (job.action != "queued")
    return answer(acknowledged(202, "workflow_job recibido: solo la acción queued crea un runner"),
                  "ignored");
  if (!job_labels_match(job.labels, settings.runner_labels))
    return answer(acknowledged(202, "Job " + std::to_string(job.job_id) +
                                        " ignorado: sus labels no están todas en WEBHOOK_RUNNER_LABELS"),
                  "ignored");
  d.target = target_for(job, settings.scope);
  if (!d.target)
    return answer(acknowledged(202, "Job " + std::to_string(job.job_id) +
                                        " ignorado: su repositorio no pertenece a una organización "
                                        "(WEBHOOK_SCOPE=org)"),
                  "ignored");
  if (!signer_grants.covers(d.target->scope, d.target->scope_name))
    return answer(error_reply(403, "El secreto del webhook no tiene permiso sobre " + d.target->scope + ":" +
                                       d.target->scope_name),
                  "refused");
  d.create_body = create_body_for(*d.target, job);
  return d;
}

http_reply job_accepted_reply(const workflow_job_event& job, std::string_view delivery_id) {
  auto reply = success_reply(job_data(job, delivery_id),
                             "Job " + std::to_string(job.job_id) + " aceptado: su runner se creará en breve");
  reply.status = 202;
  return reply;
}

http_reply job_duplicate_reply(const workflow_job_event& job, std::string_view delivery_id) {
  return success_reply(job_data(job, delivery_id),
                       "Entrega o intento de job ya recibido: no se crea otro runner");
}

http_reply webhook_queue_full_reply() {
  return not_recorded(
      "Cola de jobs del webhook llena o el gateway se está deteniendo; reenvíe la entrega más tarde");
}

http_reply webhook_store_unavailable_reply() {
  return not_recorded(
      "El almacén compartido (Redis) no está disponible: el job no se registró; reenvíe la entrega más "
      "tarde");
}

http_reply job_update_reply(const workflow_job_event& job, std::string_view action) {
  return acknowledged(202, "workflow_job " + std::string(action) + " del job " + std::to_string(job.job_id) +
                               " recibido: no crea runners");
}

}  // namespace gw
