// Validation of POST /api/v1/runners bodies, and the canonical body sent to the orchestrator.
#pragma once
#include <string>
#include <string_view>

namespace gw {

struct runner_validation {
  bool ok = false;
  std::string canonical_body;  // when ok: rebuilt from validated fields only
  std::string message;         // when !ok: the client-facing reason
  unsigned count = 0;          // when ok: how many runners it asks for
  std::string scope;           // when ok: "repo" or "org"
  std::string scope_name;      // when ok: owner/repo or org, as given
};

// Applies the reference's rules in order: body is a JSON object, scope, scope_name (required),
// scope value, scope_name format, count, labels, runner_name, runner_group.
runner_validation validate_runner_request(std::string_view body);

namespace messages {
inline constexpr std::string_view body_not_object = "El cuerpo debe ser un objeto JSON válido";
inline constexpr std::string_view missing_field_prefix = "Campo obligatorio faltante: ";
inline constexpr std::string_view duplicate_field_prefix = "Campo duplicado: ";
inline constexpr std::string_view bad_scope = "Scope debe ser 'repo' u 'org'";
inline constexpr std::string_view bad_repo_name =
    "Para scope='repo', scope_name debe tener formato owner/repo";
inline constexpr std::string_view bad_org_name =
    "Para scope='org', scope_name debe ser un nombre de organización válido";
inline constexpr std::string_view bad_count = "Count debe ser un entero entre 1 y 10";
inline constexpr std::string_view labels_not_list = "Labels debe ser una lista";
inline constexpr std::string_view bad_label = "Cada label debe ser una cadena no vacía";
inline constexpr std::string_view label_limits =
    "Labels admite como máximo 32 elementos de hasta 64 caracteres, sin comas ni caracteres de control";
inline constexpr std::string_view bad_runner_name =
    "runner_name debe tener entre 1 y 64 caracteres: letras, números, '.', '_' o '-', empezando por letra o "
    "número";
inline constexpr std::string_view bad_runner_group =
    "runner_group debe ser una cadena de 1 a 128 caracteres sin caracteres de control";
}  // namespace messages

}  // namespace gw
