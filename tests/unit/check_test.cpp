#include "compiler/check/check.h"

#include <gtest/gtest.h>

#include "tests/unit/front_end_on_text.h"

namespace whisk {
namespace {

using test_support::Checked;
using test_support::CheckText;
using test_support::Codes;
using test_support::kHeader;

TEST(Check, ReducesImpliedWaitsAndOrdersByDependency) {
  auto c = CheckText(std::string(kHeader) +
                     "stateful zk { image \"zk:1\" port client 2181 ready tcp client }\n"
                     "stateful kafka { image \"k:1\" port broker 9092 ready tcp broker\n"
                     "  env ZK = \"${zk.host}:${zk.port.client}\" }\n"
                     "service controller { image \"c:1\" needs kafka, zk }\n");
  EXPECT_FALSE(c->diags.has_errors());
  const sema::Program& p = c->result.program;
  ASSERT_EQ(p.edges.size(), 3u);
  // kafka -> zk (implied by the reference), controller -> kafka, controller -> zk (reduced).
  EXPECT_FALSE(p.edges[0].reduced);
  EXPECT_FALSE(p.edges[1].reduced);
  EXPECT_TRUE(p.edges[2].reduced);
  ASSERT_EQ(p.order.size(), 3u);
  EXPECT_EQ(p[p.order[0]].name, "zk");
  EXPECT_EQ(p[p.order[2]].name, "controller");
  const sema::Component* kafka = c->Find("kafka");
  ASSERT_TRUE(kafka);
  ASSERT_EQ(kafka->env[0].value.parts.size(), 3u);
  EXPECT_EQ(kafka->env[0].value.parts[2].port, 0u);
  EXPECT_TRUE(kafka->needs[0].implicit);
}

TEST(Check, ParamsFromSetOverrideDefaultsAndDriveConditions) {
  auto text = std::string(kHeader) +
              "param docker: bool = false\nparam n: int in 1..5 = 1\n"
              "if docker { daemon inv { image \"i:1\" } } else { stateful inv { image \"i:1\" "
              "replicas n } }\n";
  auto a = CheckText(text);
  EXPECT_FALSE(a->diags.has_errors());
  EXPECT_EQ(a->Find("inv")->kind, sema::Kind::Stateful);
  auto b = CheckText(text, {"docker=true", "n=3"});
  EXPECT_FALSE(b->diags.has_errors());
  EXPECT_EQ(b->Find("inv")->kind, sema::Kind::Daemon);
  auto d = CheckText(text, {"n=9"});
  EXPECT_EQ(Codes(d->diags), (std::vector<std::string>{"E0302"}));
}

TEST(Check, NamespaceIsTheFlagsThenTheTopologysThenTheContextsThenDefault) {
  const std::string bare = "topology t {}\nservice a { image \"a:1\" }\n";
  const std::string named = std::string(kHeader) + "service a { image \"a:1\" }\n";
  EXPECT_EQ(CheckText(bare)->result.program.namespace_name, "default");
  EXPECT_EQ(CheckText(bare, {}, "", "team-a")->result.program.namespace_name, "team-a");
  EXPECT_EQ(CheckText(named, {}, "", "team-a")->result.program.namespace_name, "ns");
  EXPECT_EQ(CheckText(named, {}, "flag", "team-a")->result.program.namespace_name, "flag");
  EXPECT_EQ(CheckText(bare, {}, "flag", "team-a")->result.program.namespace_name, "flag");
  // A context namespace that is no Kubernetes name is said to come from the kubeconfig.
  auto bad = CheckText(bare, {}, "", "Team_A");
  EXPECT_EQ(Codes(bad->diags), (std::vector<std::string>{"E0304"}));
  ASSERT_EQ(bad->diags.all().size(), 1u);
  ASSERT_EQ(bad->diags.all()[0].notes.size(), 2u);
  EXPECT_NE(bad->diags.all()[0].notes[1].find("kubeconfig context"), std::string::npos);
}

TEST(Check, TemplatesBindArgumentsAndOverridesReplaceByName) {
  auto c = CheckText(std::string(kHeader) +
                     "template service web(port: port = 80, tag: string) {\n"
                     "  image \"nginx:${tag}\"\n  port http port\n  env A = \"1\", B = \"2\"\n}\n"
                     "use web(tag = \"1.25\") as front { port http 8080\n env B = \"3\" }\n");
  EXPECT_FALSE(c->diags.has_errors());
  const sema::Component* front = c->Find("front");
  ASSERT_TRUE(front);
  EXPECT_EQ(front->image, "nginx:1.25");
  ASSERT_EQ(front->ports.size(), 1u);
  EXPECT_EQ(front->ports[0].number, 8080);
  ASSERT_EQ(front->env.size(), 2u);
  EXPECT_EQ(front->env[1].value.literal(), "3");
}

TEST(Check, EnvFromDependsOnEveryAddressInItsConfig) {
  auto c = CheckText(std::string(kHeader) +
                     "service kafka { image \"k:1\" port broker 9092 ready tcp broker }\n"
                     "job certs { image \"c:1\" can create secrets }\n"
                     "secret tls from certs\n"
                     "config shared {\n  KAFKA = \"${kafka.host}\"\n  LEVEL = \"info\"\n}\n"
                     "service api { image \"a:1\" env from config shared, from secret tls }\n");
  EXPECT_FALSE(c->diags.has_errors());
  const sema::Component* api = c->Find("api");
  ASSERT_TRUE(api);
  ASSERT_EQ(api->env_from.size(), 2u);
  EXPECT_EQ(c->result.program.data[api->env_from[0].data.value].name, "shared");
  EXPECT_TRUE(c->result.program.data[api->env_from[1].data.value].secret);
  // A need on the provider of every address and on the maker of the secret.
  std::vector<std::string_view> needs;
  for (const sema::Need& need : api->needs) {
    EXPECT_TRUE(need.implicit);
    needs.push_back(c->result.program[need.target].name);
  }
  std::sort(needs.begin(), needs.end());
  EXPECT_EQ(needs, (std::vector<std::string_view>{"certs", "kafka"}));
}

TEST(Check, NameAndSelectorNameWithoutDepending) {
  // `a` names `b`, and `b` uses `a`'s address: no cycle, since only an
  // address is a dependency.
  auto c = CheckText(std::string(kHeader) +
                     "service a { image \"a:1\" port http 80 ready tcp http\n"
                     "  env B = \"${b.name}\", B_PODS = \"${b.selector}\", C = \"${cfg.name}\" }\n"
                     "service b { image \"b:1\" env A = \"${a.host}\" }\n"
                     "job certs { image \"c:1\" env S = \"${tls.name}\" can create secrets }\n"
                     "secret tls from certs\n"
                     "config cfg {\n  NAME = \"${b.name}\"\n  TLS = \"${tls.name}\"\n}\n"
                     "service c { image \"c:1\" mount cfg at \"/etc/cfg\" }\n");
  EXPECT_TRUE(c->diags.all().empty());
  const sema::Program& p = c->result.program;
  ASSERT_EQ(p.edges.size(), 1u);
  EXPECT_EQ(p[p.edges[0].from].name, "b");
  EXPECT_EQ(p[p.edges[0].to].name, "a");
  EXPECT_TRUE(c->Find("a")->needs.empty());
  EXPECT_TRUE(c->Find("c")->needs.empty());
  EXPECT_TRUE(c->Find("certs")->needs.empty());
  const std::vector<sema::EnvVar>& env = c->Find("a")->env;
  ASSERT_EQ(env.size(), 3u);
  ASSERT_EQ(env[0].value.parts.size(), 1u);
  EXPECT_EQ(env[0].value.parts[0].kind, sema::StringPart::Kind::Name);
  EXPECT_EQ(p[env[0].value.parts[0].component].name, "b");
  EXPECT_EQ(env[1].value.parts[0].kind, sema::StringPart::Kind::Selector);
  EXPECT_EQ(env[2].value.parts[0].kind, sema::StringPart::Kind::Name);
  EXPECT_FALSE(env[2].value.parts[0].component.valid()) << "a config is no component";
  EXPECT_EQ(env[2].value.parts[0].text, "cfg");
}

TEST(Check, NameAndSelectorFollowATemplateParameter) {
  auto c =
      CheckText(std::string(kHeader) + "service db { image \"d:1\" }\n" +
                "template service client(target: component) {\n"
                "  image \"c:1\"\n  env PEER = \"${target.name}\", PODS = \"${target.selector}\"\n"
                "}\nuse client(target = db) as app\n");
  EXPECT_TRUE(c->diags.all().empty());
  const sema::Component* app = c->Find("app");
  ASSERT_TRUE(app);
  ASSERT_EQ(app->env.size(), 2u);
  EXPECT_EQ(c->result.program[app->env[0].value.parts[0].component].name, "db");
  EXPECT_TRUE(app->needs.empty());
}

TEST(Check, NameAndSelectorHaveTheRulesOfAnAddress) {
  // Only in env values and config entries (E0301); `selector` is a
  // component's (E0210), and an `external` has neither (E0210).
  auto c = CheckText(std::string(kHeader) +
                     "external ext { host \"db.example.com\" port sql 5432 }\n"
                     "config cfg {\n  A = \"${cfg.selector}\"\n}\n"
                     "secret s {\n  A = \"${s.host}\"\n}\n"
                     "service a { image \"a:${cfg.name}\" env E = \"${ext.name}\"\n"
                     "  env F = \"${ext.selector}\", G = \"${nothing.name}\" }\n");
  EXPECT_EQ(Codes(c->diags),
            (std::vector<std::string>{"E0201", "E0210", "E0210", "E0210", "E0210", "E0301"}));
}

TEST(Check, EnvFromAppendsInOverridesAndReportsWhatItCannotTake) {
  auto c = CheckText(std::string(kHeader) +
                     "config a {\n  \"1st\" = \"x\"\n  \"log.level\" = \"y\"\n}\n"
                     "config b {\n  B = \"2\"\n}\n"
                     "secret s {\n  S = \"3\"\n}\n"
                     "template service web() { image \"w:1\" env from config a, X = \"1\" }\n"
                     "use web as one { env from config b }\n"
                     "service two { image \"t:1\" env from config b, from config b }\n"
                     "service three { image \"t:1\" env from config s, from secret nothing }\n");
  // `1st` starts with a digit (W0424); `log.level` is a name the kubelet takes.
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0201", "E0202", "E0203", "W0424"}));
  const sema::Component* one = c->Find("one");
  ASSERT_TRUE(one);
  ASSERT_EQ(one->env_from.size(), 2u);
  EXPECT_EQ(c->result.program.data[one->env_from[1].data.value].name, "b");
  EXPECT_EQ(one->env.size(), 1u);
}

TEST(Check, ReportsEveryProblemOfARun) {
  auto c = CheckText(std::string(kHeader) +
                     "param req: string\n"
                     "service a { image \"a:1\" replicas 2 needs b budget max_unavailable 0 }\n"
                     "service b { image \"b:1\" needs a }\n"
                     "daemon d { image \"d:1\" autoscale 1..3 on cpu 80% }\n");
  EXPECT_EQ(Codes(c->diags),
            (std::vector<std::string>{"E0306", "E0401", "E0407", "E0501", "W0502", "W0502"}));
}

TEST(Check, NamesMustFitKubernetesLimits) {
  auto c = CheckText(std::string(kHeader) + "stateful " + std::string(51, 'a') +
                     " { image \"a:1\" }\nservice Bad { image \"a:1\" }\n");
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0304", "E0305"}));
}

TEST(Check, SpawnsAccumulatesSelectorsAcrossTemplateAndUse) {
  auto c = CheckText(std::string(kHeader) +
                     "template stateful invoker_base() {\n  image \"i:1\"\n"
                     "  can create pods\n  spawns pods \"user-action-pod\" == \"true\"\n}\n"
                     "use invoker_base() as invoker {\n"
                     "  spawns pods \"kind\" in [\"a\", \"b\"]\n  spawns pods \"x\" exists\n"
                     "  spawns pods \"stage\" != \"done\"\n}\n");
  EXPECT_TRUE(c->diags.all().empty());
  const sema::Component* invoker = c->Find("invoker");
  ASSERT_TRUE(invoker);
  ASSERT_EQ(invoker->spawns.size(), 4u);
  using Op = sema::LabelSelector::Op;
  EXPECT_EQ(invoker->spawns[0].selector.key, "user-action-pod");
  EXPECT_EQ(invoker->spawns[0].selector.op, Op::Equals);
  EXPECT_EQ(invoker->spawns[0].selector.values, (std::vector<std::string>{"true"}));
  EXPECT_EQ(invoker->spawns[1].selector.op, Op::In);
  EXPECT_EQ(invoker->spawns[1].selector.values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(invoker->spawns[2].selector.op, Op::Exists);
  EXPECT_TRUE(invoker->spawns[2].selector.values.empty());
  EXPECT_EQ(invoker->spawns[3].selector.op, Op::NotEquals);
}

TEST(Check, SpawnsIsCheckedWithoutIsolate) {
  // kHeader has no `isolate`: nothing is generated, but the selector and the
  // permission are still checked.
  auto c = CheckText(std::string(kHeader) +
                     "job a { image \"a:1\" spawns pods \"app.kubernetes.io/name\" exists }\n"
                     "job b { image \"b:1\" can get pods spawns pods \"bad key\" exists }\n"
                     "job d { image \"d:1\" can create pods spawns pods \"ok\" exists }\n");
  // `a`'s rejected selector is not kept, so only `b` lacks `can create pods`.
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0310", "E0422", "W0423"}));
  EXPECT_TRUE(c->Find("a")->spawns.empty());
  EXPECT_EQ(c->Find("d")->spawns.size(), 1u);
}

constexpr const char* kIngress =
    "param ingress: string in [\"nodeport\", \"loadbalancer\", \"ingress\"] = \"nodeport\"\n";

TEST(Check, ChoicesLimitAStringParamFromEverySource) {
  auto text = std::string(kHeader) + kIngress +
              "service web { image \"w:1\" port http 80\n"
              "  if ingress == \"nodeport\" { expose http as nodeport }\n"
              "  else { expose http as loadbalancer } }\n";
  auto a = CheckText(text, {"ingress=loadbalancer"});
  EXPECT_TRUE(a->diags.all().empty());
  const sema::Param& param = a->result.program.params[0];
  EXPECT_EQ(param.choices, (std::vector<std::string>{"nodeport", "loadbalancer", "ingress"}));
  EXPECT_EQ(param.value->text, "loadbalancer");
  EXPECT_EQ(a->Find("web")->expose[0].type, sema::Expose::Type::LoadBalancer);

  auto b = CheckText(text, {"ingress=nodeprot"});
  ASSERT_EQ(Codes(b->diags), (std::vector<std::string>{"E0302"}));
  EXPECT_EQ(b->diags.all()[0].message,
            "`nodeprot` is not one of `nodeport`, `loadbalancer`, `ingress` for parameter "
            "`ingress`; did you mean `nodeport`?");

  auto c =
      CheckText(std::string(kHeader) + "param mode: string in [\"fast\", \"safe\"] = \"slow\"\n");
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0302"}));
  // A value nothing is close to gets no suggestion.
  EXPECT_EQ(c->diags.all()[0].message.find("did you mean"), std::string::npos);
}

TEST(Check, ComparingWithANonChoiceIsReportedInEveryBranch) {
  // The typo is in the branch the default does not take, and in a storage
  // condition; a template parameter of the same name hides the choices.
  auto c = CheckText(std::string(kHeader) + kIngress +
                     "if ingress == \"nodeport\" { service a { image \"a:1\" } }\n"
                     "else if ingress == \"ingres\" { service b { image \"b:1\" } }\n"
                     "stateful s { image \"s:1\" storage d 1Gi at \"/d\" if \"x\" != ingress }\n"
                     "template job t(ingress: string = \"x\") {\n"
                     "  image \"t:1\"\n  if ingress == \"x\" { retries 1 }\n}\n"
                     "use t as u\n");
  ASSERT_EQ(Codes(c->diags), (std::vector<std::string>{"E0313", "E0313"}));
  EXPECT_NE(c->diags.all()[0].message.find("so this `==` never holds; did you mean `ingress`?"),
            std::string::npos)
      << c->diags.all()[0].message;
  EXPECT_NE(c->diags.all()[1].message.find("so this `!=` always holds"), std::string::npos)
      << c->diags.all()[1].message;
}

TEST(Check, ChoicesNeedAStringParamAndADistinctNonEmptyList) {
  auto c = CheckText(std::string(kHeader) +
                     "param n: int in [\"1\", \"2\"] = 1\n"
                     "param s: string in 1..2 = \"1\"\n"
                     "param e: string in [] = \"a\"\n"
                     "param d: string in [\"a\", \"b\", \"a\"] = \"b\"\n");
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0202", "E0301", "E0301", "E0307"}));
  // Neither a broken list nor a broken range limits the values; a repeated
  // choice still counts once.
  const std::vector<sema::Param>& params = c->result.program.params;
  EXPECT_TRUE(params[0].choices.empty());
  EXPECT_TRUE(params[2].choices.empty());
  EXPECT_EQ(params[3].choices, (std::vector<std::string>{"a", "b"}));
}

constexpr const char* kInvoker =
    "param factory: string in [\"kubernetes\", \"docker\"] = \"kubernetes\"\n"
    "template stateful invoker_base() {\n  image \"i:1\"\n  port http 8080\n}\n"
    "if factory == \"docker\" {\n"
    "  use invoker_base as daemon invoker { env FACTORY = \"docker\" }\n"
    "} else {\n"
    "  use invoker_base as invoker { replicas 2 }\n"
    "}\n";

TEST(Check, UseChoosesTheKindAndTheTemplatesIsTheDefault) {
  auto a = CheckText(std::string(kHeader) + kInvoker);
  EXPECT_TRUE(a->diags.all().empty());
  const sema::Component* stateful = a->Find("invoker");
  ASSERT_TRUE(stateful);
  EXPECT_EQ(stateful->kind, sema::Kind::Stateful);
  EXPECT_FALSE(stateful->kind_span.valid());
  EXPECT_EQ(stateful->replicas, 2);

  auto b = CheckText(std::string(kHeader) + kInvoker, {"factory=docker"});
  EXPECT_TRUE(b->diags.all().empty());
  const sema::Component* daemon = b->Find("invoker");
  ASSERT_TRUE(daemon);
  EXPECT_EQ(daemon->kind, sema::Kind::Daemon);
  EXPECT_EQ(b->sources.text(daemon->kind_span), "daemon");
  EXPECT_EQ(daemon->from_template, "invoker_base");
  ASSERT_EQ(daemon->ports.size(), 1u);
  ASSERT_EQ(daemon->env.size(), 1u);
  EXPECT_EQ(daemon->env[0].name, "FACTORY");
}

TEST(Check, TemplatePropertiesMustApplyToTheKindChosenAtTheUse) {
  auto c = CheckText(std::string(kHeader) +
                     "template stateful kv(n: int = 2) {\n  image \"kv:1\"\n  replicas n\n"
                     "  ready tcp p\n  port p 6379\n}\n"
                     "use kv as service cache\n"
                     "use kv as daemon agent\n"
                     "use kv as cron nightly { retries 2 }\n");
  // `replicas` for the daemon and the cron, `ready` and the missing schedule
  // for the cron; the service takes them all.
  ASSERT_EQ(Codes(c->diags), (std::vector<std::string>{"E0401", "E0401", "E0401", "E0409"}));
  const Diagnostic& replicas = c->diags.all()[0];
  EXPECT_EQ(replicas.message, "`replicas` does not apply to a `daemon`");
  EXPECT_EQ(c->sources.text(replicas.span), "replicas n");
  ASSERT_EQ(replicas.labels.size(), 1u);
  EXPECT_EQ(replicas.labels[0].message, "`agent` is a `daemon` here");
  EXPECT_EQ(c->sources.text(replicas.labels[0].span), "daemon");
  EXPECT_NE(replicas.help.find("template"), std::string::npos) << replicas.help;
  EXPECT_EQ(c->Find("cache")->kind, sema::Kind::Service);
  EXPECT_EQ(c->Find("cache")->replicas, 2);
}

TEST(Check, AnOverrideThatDoesNotFitTheChosenKindPointsAtTheKind) {
  auto c = CheckText(std::string(kHeader) +
                     "template service web() {\n  image \"w:1\"\n}\n"
                     "use web as job once { replicas 3 }\n");
  ASSERT_EQ(Codes(c->diags), (std::vector<std::string>{"E0401"}));
  const Diagnostic& d = c->diags.all()[0];
  ASSERT_EQ(d.labels.size(), 1u);
  EXPECT_EQ(d.labels[0].message, "`once` is a `job` here");
  // The override is the `use`'s own: nothing to move out of the template.
  EXPECT_TRUE(d.help.empty());
}

TEST(Check, TaintedIfTaintsTheRoleOnlyWhenItsConditionHolds) {
  auto text = std::string(kHeader) +
              "param tolerations: bool = true\n"
              "role core = node \"role\" == \"core\" tainted if tolerations\n"
              "role spot = node \"pool\" exists tainted NoExecute if not tolerations\n"
              "role edge = node \"edge\" exists tainted PreferNoSchedule\n";
  auto on = CheckText(text);
  EXPECT_TRUE(on->diags.all().empty());
  const std::vector<sema::Role>& roles = on->result.program.roles;
  ASSERT_EQ(roles.size(), 3u);
  EXPECT_TRUE(roles[0].tainted);
  EXPECT_FALSE(roles[1].tainted);
  EXPECT_TRUE(roles[2].tainted);
  EXPECT_EQ(roles[2].taint_effect, "PreferNoSchedule");

  auto off = CheckText(text, {"tolerations=false"});
  EXPECT_FALSE(off->result.program.roles[0].tainted);
  EXPECT_TRUE(off->result.program.roles[1].tainted);
  EXPECT_EQ(off->result.program.roles[1].taint_effect, "NoExecute");
}

TEST(Check, TaintedIfConditionsAreCheckedAgainstChoices) {
  auto c = CheckText(std::string(kHeader) + kIngress +
                     "role lb = node \"lb\" exists tainted if ingress == \"loadbalncer\"\n"
                     "role x = node \"x\" exists tainted if missing\n");
  ASSERT_EQ(Codes(c->diags), (std::vector<std::string>{"E0201", "E0313"}));
}

/// The W0427 diagnostics of a run, each as the source text it points at.
std::vector<std::string> ExposeListTexts(const Checked& c) {
  std::vector<std::string> texts;
  for (const Diagnostic& d : c.diags.all()) {
    if (d.code == DiagCode::ExposeAsOnLastPort) texts.emplace_back(c.sources.text(d.span));
  }
  return texts;
}

TEST(Check, ExposeWarnsOfPortsThatAnAsAfterThemLeavesInside) {
  // Once per line, though the template is used twice; and in the branch
  // that is not taken. `as clusterip` says what a bare port does anyway.
  auto c = CheckText(std::string(kHeader) +
                     "template service web() {\n  image \"w:1\"\n  port a 1, b 2, c 3, d 4\n"
                     "  expose a, b, c as nodeport 31001\n}\n"
                     "use web as one\nuse web as two { expose d as loadbalancer }\n"
                     "service s { image \"s:1\" port a 1, b 2, c 3\n"
                     "  expose a, b as clusterip, c\n"
                     "  expose a as loadbalancer, b\n"
                     "  if false { expose a, c as ingress \"s.example.com\" } }\n");
  EXPECT_EQ(ExposeListTexts(*c), (std::vector<std::string>{"a", "b", "a"}));
  const Diagnostic& d = c->diags.all()[0];
  EXPECT_EQ(d.severity, Severity::Warning);
  EXPECT_EQ(d.message, "`as nodeport` applies to `c` only, not to `a`");
  // A fixed node port cannot be shared: the suggestion leaves it automatic.
  EXPECT_EQ(d.help, "write `a as nodeport` to expose it the same way, or `a as clusterip` to say "
                    "it stays inside");
}

/// The W0426 diagnostics of a run, each as the source text it points at.
std::vector<std::string> EnvReferenceTexts(const Checked& c) {
  std::vector<std::string> texts;
  for (const Diagnostic& d : c.diags.all()) {
    if (d.code == DiagCode::UnexpandedEnvReference) texts.emplace_back(c.sources.text(d.span));
  }
  return texts;
}

TEST(Check, EnvReferencesFollowTheKubeletsOrder) {
  auto c = CheckText(std::string(kHeader) +
                     "config cfg {\n  FROM_KEY = \"1\"\n}\n"
                     "service a { image \"a:1\"\n"
                     "  env EARLY = \"e\", USES = \"$(EARLY) $(FROM_KEY) $(LATE) $(LATE)\"\n"
                     "  env LATE = \"l\", SELF = \"$(SELF)\", ESC = \"$$(NONE) $$$(EARLY)\"\n"
                     "  env LINK = \"$(DB_SERVICE_HOST) $(DB_PORT) $(DB_PORT_5432_TCP_ADDR)\"\n"
                     "  env from config cfg\n"
                     "  run \"sh\" \"-c\" \"$(LATE) $(hostname -d) $((1 + 2)) $(EARLI)\"\n"
                     "  args \"$(SELF)\" \"$(\" \"$x$(EARLY\"\n"
                     "  ready exec \"echo\" \"$(NOTHING)\" }\n");
  // `LATE` once per value, though named twice; `SELF` itself; `EARLI` in
  // `run` (a shell's `$(hostname -d)` is no name); nothing else.
  EXPECT_EQ(EnvReferenceTexts(*c), (std::vector<std::string>{"$(LATE)", "$(SELF)", "$(EARLI)"}));
  ASSERT_EQ(c->diags.all().size(), 3u);
  EXPECT_EQ(c->diags.all()[0].message,
            "`$(LATE)` in `USES` refers to `LATE`, which is set after it; the kubelet expands "
            "only variables set before");
  ASSERT_EQ(c->diags.all()[0].labels.size(), 1u);
  EXPECT_EQ(c->sources.text(c->diags.all()[0].labels[0].span), "LATE = \"l\"");
  EXPECT_EQ(c->diags.all()[2].message,
            "`$(EARLI)` in `run` names no variable of `a`; the kubelet leaves it as it is; did "
            "you mean `EARLY`?");
  EXPECT_EQ(c->diags.all()[2].help, "write `$$(EARLI)` for a literal `$(EARLI)`");
  EXPECT_EQ(c->diags.all()[2].severity, Severity::Warning);
}

TEST(Check, EnvReferencesSeeTheOrderAfterOverrides) {
  // An override replaces `B` where the template set it, after `A`; `two`
  // sets `A` anew, still first.
  auto c = CheckText(std::string(kHeader) +
                     "template service web() { image \"w:1\" env B = \"b\", A = \"$(B)\" }\n"
                     "use web as one { env B = \"x\" }\n"
                     "use web as two { env A = \"$(C)\", C = \"c\" }\n");
  EXPECT_EQ(EnvReferenceTexts(*c), (std::vector<std::string>{"$(C)"}));
}

TEST(Check, EnvReferencesPointAtTheValueWhenTheNameIsInterpolated) {
  auto c = CheckText(std::string(kHeader) + "param n: int = 3\nparam v: string = \"$(P_3)\"\n" +
                     "service a { image \"a:1\"\n"
                     "  env P_3 = \"p\", OK = \"$(P_${n})\", BAD = \"$(Q_${n})\", P = v }\n");
  EXPECT_EQ(EnvReferenceTexts(*c), (std::vector<std::string>{"\"$(Q_${n})\""}));
}

TEST(Check, EnvReferencesAreNotCheckedWhenVariablesAreUnknown) {
  // Any key may come from a secret made at run time; a patch may set
  // variables; an item in error (E0201) is a variable the container lacks.
  auto c =
      CheckText(std::string(kHeader) +
                "job certs { image \"c:1\" can create secrets }\nsecret tls from certs\n"
                "service made { image \"a:1\" env from secret tls args \"$(ANY)\" }\n"
                "service patched { image \"a:1\" args \"$(MEM)\"\n"
                "  patch { spec: { template: { spec: { containers: [\n"
                "    { name: \"patched\", env: [{ name: \"MEM\", value: \"1\" }] }] } } } } }\n"
                "service broken { image \"a:1\" env X = config nothing.key, Y = \"$(X)\" }\n");
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0201"}));
}

}  // namespace
}  // namespace whisk
