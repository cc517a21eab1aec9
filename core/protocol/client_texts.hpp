// Every message the gateway itself writes into an envelope for a client, in the reference's Spanish (part of
// the contract: kept verbatim).
#pragma once
#include <string_view>

namespace gw {

namespace messages {
inline constexpr std::string_view not_found = "Ruta no encontrada";
inline constexpr std::string_view method_not_allowed = "Método no permitido";
inline constexpr std::string_view runner_not_found = "Runner no encontrado";
inline constexpr std::string_view runner_id_ambiguous =
    "ID de runner ambiguo: el orquestador podría destruir otro contenedor cuyo nombre lo contiene; no se "
    "envió "
    "nada";
inline constexpr std::string_view invalid_runner_id =
    "ID de runner inválido: debe ser un segmento de letras, números, '.', '_' o '-' (máximo 128)";
inline constexpr std::string_view body_too_large = "Cuerpo de la solicitud demasiado grande";
inline constexpr std::string_view malformed_request = "Solicitud HTTP mal formada";
inline constexpr std::string_view upstream_unavailable =
    "Orquestador no disponible después de múltiples intentos";
inline constexpr std::string_view upstream_timeout = "Timeout del orquestador después de múltiples intentos";
inline constexpr std::string_view orchestrator_down =
    "Orquestador no disponible: no responde a las comprobaciones de salud; la solicitud no se envió";
inline constexpr std::string_view create_timeout =
    "Timeout del orquestador: los runners pueden crearse igualmente; compruébelo con GET /api/v1/runners "
    "antes de reintentar";
inline constexpr std::string_view cleanup_unconfirmed =
    "Limpieza completada; no se pudo obtener la lista de runners limpiados";
inline constexpr std::string_view cleanup_done = "Limpieza completada exitosamente";
inline constexpr std::string_view status_obtained = "Estado obtenido exitosamente";
inline constexpr std::string_view upstream_bad_response = "Respuesta inválida del orquestador";
inline constexpr std::string_view internal_error = "Error interno del servidor";
inline constexpr std::string_view cors_rejected = "Origen o método no permitido por CORS";
inline constexpr std::string_view healthy = "Gateway y orchestrator funcionando correctamente";
inline constexpr std::string_view degraded = "Gateway con problemas en orchestrator";
inline constexpr std::string_view shutting_down = "El gateway se está deteniendo";
inline constexpr std::string_view unauthorized =
    "No autorizado: se requiere 'Authorization: Bearer <clave de API>' válida";
inline constexpr std::string_view rate_limited = "Demasiadas solicitudes: límite de tasa excedido";
inline constexpr std::string_view not_json_content_type = "Content-Type debe ser application/json";
inline constexpr std::string_view too_many_requests_in_flight =
    "Gateway saturado: demasiadas solicitudes en curso";
inline constexpr std::string_view too_many_connections = "Gateway saturado: demasiadas conexiones abiertas";
inline constexpr std::string_view url_too_long = "URL demasiado larga";
inline constexpr std::string_view header_too_large = "Cabeceras de la solicitud demasiado grandes";
inline constexpr std::string_view transfer_coding_not_supported =
    "Transfer-Encoding no soportado: solo se acepta chunked";
inline constexpr std::string_view host_required =
    "Solicitud HTTP mal formada: se requiere exactamente una cabecera Host";
inline constexpr std::string_view folded_header =
    "Solicitud HTTP mal formada: cabeceras plegadas (obs-fold) no permitidas";
inline constexpr std::string_view scope_forbidden_prefix = "La clave de API no tiene permiso sobre ";
inline constexpr std::string_view metrics_forbidden =
    "Las métricas requieren una clave de API con permiso 'metrics' o '*' (o METRICS_PORT)";
inline constexpr std::string_view cleanup_forbidden =
    "La limpieza de runners requiere una clave de API con permiso sobre todo ('*')";
inline constexpr std::string_view bad_idempotency_key =
    "Idempotency-Key debe tener entre 1 y 255 caracteres ASCII imprimibles";
inline constexpr std::string_view idempotency_key_repeated =
    "Idempotency-Key repetida: envíe una sola cabecera Idempotency-Key";
inline constexpr std::string_view idempotency_in_flight =
    "Una solicitud con la misma Idempotency-Key sigue en curso; reinténtela más tarde";
inline constexpr std::string_view idempotency_caller_full =
    "Demasiadas solicitudes con Idempotency-Key en curso para este cliente; reinténtelo más tarde";
inline constexpr std::string_view idempotency_key_reused =
    "Idempotency-Key ya usada con una solicitud distinta";
inline constexpr std::string_view idempotency_store_unavailable =
    "El almacén de Idempotency-Key no está disponible; reinténtelo más tarde";
}  // namespace messages

}  // namespace gw
