#include <catch2/catch.hpp>

#include "core/access/access_settings.hpp"
#include "core/access/key_grants.hpp"
#include "core/config/access_snapshot.hpp"
#include "core/runners/audit_record.hpp"
#include "core/runners/runner_labels.hpp"
#include "core/runners/runner_procedure.hpp"

using namespace gw;

namespace {
grant_set grants_of(std::initializer_list<const char*> texts) {
  std::vector<grant> grants;
  for (const char* text : texts) {
    auto g = parse_grant(text);
    REQUIRE(g);
    grants.push_back(*g);
  }
  return grant_set(std::move(grants));
}

std::string runner(const char* id, const char* labels) {
  return std::string(R"({"runner_id":")") + id + R"(","status":"running","labels":)" + labels + "}";
}
}  // namespace

TEST_CASE("grants: what each form covers") {
  auto repo = grants_of({"repo:acme/web"});
  CHECK(repo.covers("repo", "acme/web"));
  CHECK_FALSE(repo.covers("repo", "acme/api"));
  CHECK_FALSE(repo.covers("repo", "acme/web/x"));
  CHECK_FALSE(repo.covers("org", "acme"));

  auto owner = grants_of({"repo:acme/*"});
  CHECK(owner.covers("repo", "acme/web"));
  CHECK(owner.covers("repo", "acme/api"));
  CHECK_FALSE(owner.covers("repo", "acme-labs/web"));  // whole segments only
  CHECK_FALSE(owner.covers("repo", "acme/web/x"));
  CHECK_FALSE(owner.covers("org", "acme"));  // repo: never covers the organisation's runners

  auto org = grants_of({"org:acme"});
  CHECK(org.covers("org", "acme"));
  CHECK_FALSE(org.covers("org", "acme-labs"));
  CHECK_FALSE(org.covers("repo", "acme/web"));  // org: never covers its repositories' runners
  CHECK_FALSE(org.covers("repo", "acme"));

  auto any_repo = grants_of({"repo:*/*"});
  CHECK(any_repo.covers("repo", "x/y"));
  CHECK_FALSE(any_repo.covers("org", "x"));
  auto any_org = grants_of({"org:*"});
  CHECK(any_org.covers("org", "x"));
  CHECK_FALSE(any_org.covers("repo", "x/y"));

  auto both = grants_of({"org:acme", "repo:acme/*"});
  CHECK(both.covers("org", "acme"));
  CHECK(both.covers("repo", "acme/web"));
  CHECK_FALSE(both.everything());
  CHECK(both.text() == "org:acme repo:acme/*");
}

TEST_CASE("grants: GitHub names compare without regard to ASCII case") {
  auto g = grants_of({"repo:Acme/Web", "org:Beta-Org"});
  CHECK(g.covers("repo", "acme/web"));
  CHECK(g.covers("repo", "ACME/WEB"));
  CHECK(g.covers("org", "beta-org"));
  CHECK_FALSE(g.covers("REPO", "acme/web"));  // the scope word itself is exact, as the validator wants it
  // No Unicode folding: a name GitHub would refuse does not match by accident.
  CHECK_FALSE(g.covers("repo", "acmé/web"));
}

TEST_CASE("grants: '*' and no grant at all mean everything; malformed grants are refused") {
  CHECK(grant_set().everything());
  CHECK(grant_set().covers("repo", "a/b"));
  auto star = grants_of({"repo:a/b", "*"});
  CHECK(star.everything());
  CHECK(star.text() == "*");
  for (const char* bad :
       {"", "repo:", "repo:acme", "repo:/web", "repo:acme/", "org:", "org:-acme", "org:ac me", "org:acme/web",
        "repo:ac*/web", "repo:acme/we*", "team:acme", "**", "org:*x", "repo:acme/..", "ORG:acme"})
    CHECK_FALSE(parse_grant(bad));
  for (const char* good : {"*", "org:*", "repo:*/*", "repo:*/web", "repo:a/b.c_d-e", "org:a-1"})
    CHECK(parse_grant(good));
}

TEST_CASE("runner labels: read from the RunnerStatus as it came, escapes decoded") {
  auto labels =
      labels_of_runner(runner("r1", R"({"scope":"repo","scope_name":"acme/web","extra":[1,{"a":"}"}]})"));
  CHECK(labels.present);
  CHECK(labels.scope == "repo");
  CHECK(labels.scope_name == "acme/web");
  auto escaped = labels_of_runner(runner("r2", R"({"scope_name":"acme\/w\u0065b","scope":"repo"})"));
  CHECK(escaped.scope_name == "acme/web");
  CHECK_FALSE(labels_of_runner(runner("r3", "null")).present);
  CHECK_FALSE(labels_of_runner(runner("r4", R"({"scope":"repo"})")).present);
  CHECK_FALSE(labels_of_runner(runner("r5", R"({"scope":"repo","scope_name":7})")).present);
  // Whitespace anywhere JSON allows it.
  auto spaced = labels_of_runner(
      " {\n \"labels\" :\t{ \"scope\" : \"org\" , \"scope_name\"\r\n:\"x\" } , \"id\" : 1 } ");
  CHECK(spaced.present);
  CHECK(spaced.scope_name == "x");
  CHECK(filter_runner_list(" [ {\"labels\" : {\"scope\" : \"org\", \"scope_name\" : \"b\"}} , 1 , [ ] ] ",
                           grants_of({"org:b"}))
            .count == 1);
  // A nested "labels" deeper down is not the runner's.
  CHECK_FALSE(
      labels_of_runner(R"({"runner_id":"r6","x":{"labels":{"scope":"repo","scope_name":"a/b"}}})").present);
}

TEST_CASE("list filtering: only covered runners, as they were; no labels only for '*'") {
  std::string list = "[ " + runner("a1", R"({"scope":"repo","scope_name":"acme/web"})") + " ,\n" +
                     runner("b1", R"({"scope":"repo","scope_name":"beta/app"})") + "," +
                     runner("n1", "null") + "," + runner("a2", R"({"scope":"org","scope_name":"ACME"})") +
                     "]";
  auto acme = filter_runner_list(list, grants_of({"repo:acme/*", "org:acme"}));
  CHECK(acme.count == 2);
  CHECK(acme.array == "[" + runner("a1", R"({"scope":"repo","scope_name":"acme/web"})") + "," +
                          runner("a2", R"({"scope":"org","scope_name":"ACME"})") + "]");
  auto beta = filter_runner_list(list, grants_of({"repo:beta/app"}));
  CHECK(beta.count == 1);
  auto nobody = filter_runner_list(list, grants_of({"org:gamma"}));
  CHECK(nobody.count == 0);
  CHECK(nobody.array == "[]");
  auto all = filter_runner_list(list, grant_set());
  CHECK(all.count == 4);
  CHECK(filter_runner_list("[]", grants_of({"org:x"})).json("[]") == "[]");
  // Every entry kept: the list as it came, nothing copied; a run kept before the first one left out is
  // copied with its separators as they were.
  auto every = filter_runner_list(" " + list + "\n", grants_of({"repo:*/*", "org:*"}));
  CHECK_FALSE(every.all_kept);  // n1 has no labels
  std::string two = "[" + runner("a1", R"({"scope":"repo","scope_name":"acme/web"})") + " , " +
                    runner("a2", R"({"scope":"org","scope_name":"acme"})") + "]";
  auto both = filter_runner_list(" " + two + "\n", grants_of({"repo:acme/*", "org:acme"}));
  CHECK(both.all_kept);
  CHECK(both.count == 2);
  CHECK(both.array.empty());
  CHECK(both.json(" " + two + "\n") == two);
  auto first_two = filter_runner_list(two.substr(0, two.size() - 1) + "," + runner("x", "null") + "]",
                                      grants_of({"repo:acme/*", "org:acme"}));
  CHECK_FALSE(first_two.all_kept);
  CHECK(first_two.array == two);
  CHECK(grants_cover(grant_set(), labels_of_runner(runner("n", "null"))));
  CHECK_FALSE(grants_cover(grants_of({"org:x"}), labels_of_runner(runner("n", "null"))));
  CHECK(grants_cover(grants_of({"org:x"}),
                     labels_of_runner(runner("x", R"({"scope":"org","scope_name":"X"})"))));
  // Not a RunnerStatus: nothing read, and the caller answers 502 rather than 404.
  CHECK_FALSE(labels_of_runner("[1]").valid);
  CHECK_FALSE(labels_of_runner("{").valid);
  CHECK(labels_of_runner(runner("n", "null")).valid);
}

TEST_CASE("audit records: actions, outcomes and the runner ids an answer names") {
  CHECK(audited_action(route_kind::create_runners) == std::optional<std::string_view>("create"));
  CHECK(audited_action(route_kind::destroy_runner) == std::optional<std::string_view>("destroy"));
  CHECK(audited_action(route_kind::cleanup_runners) == std::optional<std::string_view>("cleanup"));
  CHECK_FALSE(audited_action(route_kind::list_runners));
  CHECK_FALSE(audited_action(route_kind::runner_status));
  CHECK(audit_outcome(200, false) == "succeeded");
  CHECK(audit_outcome(403, true) == "forbidden");
  CHECK(audit_outcome(404, true) == "hidden");
  CHECK(audit_outcome(404, false) == "rejected");
  CHECK(audit_outcome(504, false) == "failed");
  CHECK(audited_runner_ids(route_kind::create_runners,
                           R"({"status":"success","data":[{"runner_id":"r1"},{"runner_id":"r2"}]})",
                           "") == "r1,r2");
  CHECK(audited_runner_ids(route_kind::cleanup_runners,
                           R"({"status":"success","data":{"cleaned_count":2,"cleaned_runners":["x","y z"]}})",
                           "") == "x,y z");
  CHECK(audited_runner_ids(route_kind::create_runners, R"({"status":"error","data":null})", "").empty());
  CHECK(audited_runner_ids(route_kind::destroy_runner, "", "gw-m-1") == "gw-m-1");
  // An orchestrator's id cannot forge a log line.
  CHECK(audited_runner_ids(route_kind::create_runners, R"({"data":[{"runner_id":"a\nAUDIT fake"}]})", "")
            .find('\n') == std::string::npos);
}

TEST_CASE("audit records: what one answered request's line says") {
  grant_set scoped({*parse_grant("repo:a/*")});
  runner_procedure refused(route_kind::create_runners, {}, {"{}", 1, "repo", "b/x"}, &scoped);
  auto step = refused.start();
  REQUIRE(step.reply);
  auto record = audit_record_for(route_kind::create_runners, "team-a", &refused, "", *step.reply);
  CHECK(record.action == "create");
  CHECK(record.key == "team-a");
  CHECK(record.scope == "repo:b/x");
  CHECK(record.runners.empty());
  CHECK(record.status == 403);
  CHECK(record.outcome == "forbidden");
  http_reply cleaned;
  cleaned.body = R"({"status":"success","data":{"cleaned_count":1,"cleaned_runners":["r9"]}})";
  auto cleanup = audit_record_for(route_kind::cleanup_runners, "", nullptr, "", cleaned);
  CHECK(cleanup.key == "-");
  CHECK(cleanup.scope == "*");
  CHECK(cleanup.runners == "r9");
  CHECK(cleanup.outcome == "succeeded");
}

TEST_CASE("audit lines: for what was forwarded or decided by grants; AUDIT_LOG auto means with keys") {
  CHECK(deserves_audit(true, nullptr));
  CHECK_FALSE(deserves_audit(false, nullptr));  // a body refused before anything was sent
  grant_set scoped({*parse_grant("org:a")});
  runner_procedure cleanup(route_kind::cleanup_runners, {}, {}, &scoped);
  cleanup.start();
  CHECK(deserves_audit(false, &cleanup));  // 403 by grants
  gateway_config config;
  CHECK_FALSE(make_access_snapshot(config, {})->audit);
  CHECK(make_access_snapshot(config, unscoped_keys({"k"}))->audit);
  config.audit_log = "on";
  CHECK(make_access_snapshot(config, {})->audit);
  config.audit_log = "off";
  CHECK_FALSE(make_access_snapshot(config, unscoped_keys({"k"}))->audit);
  auto parsed = parse_config({{"AUDIT_LOG", "ON"}}, {});
  REQUIRE(parsed.config);
  CHECK(parsed.config->audit_log == "on");
  CHECK_FALSE(parse_config({}, {"--audit-log=sometimes"}).config);
}
