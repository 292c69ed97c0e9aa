#include "compiler/check/check.h"

#include <gtest/gtest.h>

#include "tests/unit/front_end_on_text.h"

namespace whisk {
namespace {

using test_support::Checked;
using test_support::CheckText;

std::vector<std::string> Codes(const Diagnostics& diags) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : diags.all()) codes.emplace_back(Info(d.code).code);
  std::sort(codes.begin(), codes.end());
  return codes;
}

constexpr const char* kHeader = "topology t {\n  namespace \"ns\"\n}\n";

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

}  // namespace
}  // namespace whisk
