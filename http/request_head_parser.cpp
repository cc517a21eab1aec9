#include "http/request_head_parser.hpp"

#include "http/header_tokens.hpp"

namespace gw {

namespace {

constexpr std::size_t kept_capacity = 1024;

void reset(std::string& s) {
  if (s.capacity() > kept_capacity)
    std::string().swap(s);
  else
    s.clear();
}

}  // namespace

void request_head::clear() {
  method = boost::beast::http::verb::unknown;
  version = 11;
  for (auto* s : {&method_text, &target, &origin, &request_id, &authorization, &content_type,
                  &preflight_method, &preflight_headers, &expect, &traceparent, &tracestate, &idempotency_key,
                  &github_event, &github_delivery, &hub_signature, &forwarded, &x_forwarded_for, &body})
    reset(*s);
  has_idempotency_key = false;
  hub_signature_repeated = false;
  idempotency_key_repeated = false;
  transfer_encoding_fields = 0;
  content_length_fields = 0;
  content_length_list = false;
  unknown_transfer_coding = false;
  host_fields = 0;
  field_count = 0;
}

void request_head_parser::on_request_impl(boost::beast::http::verb method, string_view method_text,
                                          string_view target, int version, error_code&) {
  head_.method = method;
  head_.method_text.assign(method_text.data(), method_text.size());
  head_.target.assign(target.data(), target.size());
  head_.version = static_cast<unsigned>(version);
}

void request_head_parser::on_field_impl(field name, string_view name_text, string_view value, error_code&) {
  auto keep_first = [&](unsigned bit, std::string& into) {
    if (seen_ & bit) return;
    seen_ |= bit;
    into.assign(value.data(), value.size());
  };
  auto append = [&](std::string& into) {
    if (!into.empty()) into += ',';
    into.append(value.data(), value.size());
  };
  ++head_.field_count;
  switch (name) {
    case field::forwarded:
      return append(head_.forwarded);
    case field::origin:
      return keep_first(1u << 0, head_.origin);
    case field::authorization:
      return keep_first(1u << 1, head_.authorization);
    case field::content_type:
      return keep_first(1u << 2, head_.content_type);
    case field::access_control_request_method:
      return keep_first(1u << 3, head_.preflight_method);
    case field::access_control_request_headers:
      return keep_first(1u << 4, head_.preflight_headers);
    case field::expect:
      return keep_first(1u << 5, head_.expect);
    case field::transfer_encoding:
      ++head_.transfer_encoding_fields;
      if (!is_exactly_chunked({value.data(), value.size()})) head_.unknown_transfer_coding = true;
      return;
    case field::host:
      ++head_.host_fields;
      return;
    case field::content_length:
      ++head_.content_length_fields;
      if (value.find(',') != string_view::npos) head_.content_length_list = true;
      return;
    case field::unknown:
      if (boost::beast::iequals(name_text, "X-Request-ID"))
        keep_first(1u << 6, head_.request_id);
      else if (boost::beast::iequals(name_text, "traceparent"))
        keep_first(1u << 7, head_.traceparent);
      else if (boost::beast::iequals(name_text, "tracestate"))
        keep_first(1u << 8, head_.tracestate);
      else if (boost::beast::iequals(name_text, "X-Forwarded-For"))
        append(head_.x_forwarded_for);
      else if (boost::beast::iequals(name_text, "Idempotency-Key")) {
        head_.idempotency_key_repeated = head_.has_idempotency_key;
        keep_first(1u << 9, head_.idempotency_key);
        head_.has_idempotency_key = true;
      } else if (boost::beast::iequals(name_text, "X-GitHub-Event")) {
        keep_first(1u << 10, head_.github_event);
      } else if (boost::beast::iequals(name_text, "X-GitHub-Delivery")) {
        keep_first(1u << 11, head_.github_delivery);
      } else if (boost::beast::iequals(name_text, "X-Hub-Signature-256")) {
        head_.hub_signature_repeated = (seen_ & (1u << 12)) != 0;
        keep_first(1u << 12, head_.hub_signature);
      }
      return;
    default:
      return;
  }
}

}  // namespace gw
