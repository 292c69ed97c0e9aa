// `external` components: what the checker accepts and rejects, and that
// lowering writes nothing for them but their consumers' waits.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "compiler/emit/manifest_yaml.h"
#include "compiler/lower/lower.h"
#include "tests/unit/front_end_on_text.h"

namespace whisk {
namespace {

using test_support::CheckText;
using test_support::Codes;
using test_support::kHeader;

/// Runs the front end and lowering on `text`; the YAML, or "errors" when any.
std::string Compile(const std::string& text) {
  std::unique_ptr<test_support::Checked> checked = CheckText(text);
  if (checked->diags.has_errors()) return "errors";
  k8s::ManifestSet set = lower::Lower(checked->result.program, {}, checked->diags);
  return checked->diags.has_errors() ? "errors" : emit::ManifestYaml(set);
}

TEST(External, HostAcceptsParamsDnsNamesAndIpAddresses) {
  auto c = CheckText(std::string(kHeader) +
                     "param region: string = \"eu\"\n"
                     "param db_host: string = \"couch.example.com\"\n"
                     "external a { host db_host }\n"
                     "external b { host \"couch.${region}.Example.com\" }\n"
                     "external v4 { host \"10.0.0.7\" }\n"
                     "external v6 { host \"fd00::1\" }\n");
  EXPECT_FALSE(c->diags.has_errors()) << Codes(c->diags).front();
  EXPECT_EQ(c->Find("a")->kind, sema::Kind::External);
  EXPECT_EQ(c->Find("a")->host, "couch.example.com");
  EXPECT_EQ(c->Find("b")->host, "couch.eu.Example.com");
  EXPECT_EQ(c->Find("v6")->host, "fd00::1");
  EXPECT_TRUE(c->Find("v4")->image.empty());
}

TEST(External, HostIsRequiredAndMustBeAHost) {
  auto c = CheckText(std::string(kHeader) +
                     "external none { port http 80 }\n"
                     "external url { host \"https://couch.example.com\" }\n"
                     "external with_port { host \"couch.example.com:6984\" }\n"
                     "external numeric { host \"10.0.0.300\" }\n"
                     "external empty { host \"\" }\n");
  EXPECT_EQ(Codes(c->diags),
            (std::vector<std::string>{"E0304", "E0304", "E0304", "E0304", "E0425"}));
}

TEST(External, TakesOnlyHostPortAndANetworkReadiness) {
  auto c = CheckText(std::string(kHeader) +
                     "external a {\n  host \"a.example.com\"\n  port http 80\n"
                     "  image \"a:1\"\n  env X = \"1\"\n  needs b\n  live tcp http\n}\n"
                     "external b {\n  host \"b.example.com\"\n  port http 80\n"
                     "  ready exec \"curl\" \"localhost\"\n}\n"
                     "external c {\n  host \"c.example.com\"\n  ready endpoints\n}\n"
                     "service s {\n  image \"s:1\"\n  host \"s.example.com\"\n}\n");
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0401", "E0401", "E0401", "E0401", "E0401",
                                                       "E0414", "E0414"}));
  for (const Diagnostic& d : c->diags.all()) {
    if (d.message.starts_with("`image`")) {
      EXPECT_EQ(d.message, "`image` does not apply to an `external`");
    }
  }
}

TEST(External, IsANodeOfTheGraphReachedByAddressAndNeeds) {
  auto c =
      CheckText(std::string(kHeader) +
                "external couch {\n  host \"couch.example.com\"\n  port http 5984\n"
                "  ready http \"/_up\" on http\n}\n"
                "job init {\n  image \"i:1\"\n  env URL = \"${couch.host}:${couch.port.http}\"\n}\n"
                "service api {\n  image \"a:1\"\n  needs init, couch started\n}\n");
  ASSERT_FALSE(c->diags.has_errors());
  const sema::Program& p = c->result.program;
  EXPECT_EQ(p[p.order[0]].name, "couch");
  ASSERT_EQ(p.edges.size(), 3u);
  EXPECT_TRUE(c->Find("init")->needs[0].implicit);
  // init waited for couch to be ready, so it has started: api's own wait for
  // that is implied, as between components in the cluster.
  EXPECT_EQ(p[p.edges[2].to].name, "couch");
  EXPECT_TRUE(p.edges[2].reduced);
}

TEST(External, CannotBeWaitedForWithoutAPortNorCompleted) {
  auto c = CheckText(std::string(kHeader) +
                     "external bare { host \"bare.example.com\" }\n"
                     "external couch { host \"couch.example.com\"\n port http 5984 }\n"
                     "service a { image \"a:1\"\n env X = \"${bare.host}\" }\n"
                     "service b { image \"b:1\"\n needs bare started }\n"
                     "service c { image \"c:1\"\n needs couch completed }\n");
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0411", "E0503", "E0504"}));
}

TEST(External, HasNoPodsToPlaceNearNorMakesSecrets) {
  auto c = CheckText(std::string(kHeader) +
                     "external couch { host \"couch.example.com\"\n port http 5984\n"
                     " ready tcp http }\n"
                     "service a { image \"a:1\"\n place near couch }\n"
                     "secret tls from couch\n");
  EXPECT_EQ(Codes(c->diags), (std::vector<std::string>{"E0203", "E0203"}));
}

TEST(External, TemplatesMayBeExternalsAndUseReplacesTheHost) {
  auto c = CheckText(std::string(kHeader) +
                     "template external couch(region: string) {\n"
                     "  host \"couch.${region}.example.com\"\n  port http 5984\n}\n"
                     "use couch(region = \"eu\") as eu\n"
                     "use couch(region = \"us\") as us { host \"10.1.2.3\" }\n");
  ASSERT_FALSE(c->diags.has_errors());
  EXPECT_EQ(c->Find("eu")->kind, sema::Kind::External);
  EXPECT_EQ(c->Find("eu")->host, "couch.eu.example.com");
  EXPECT_EQ(c->Find("us")->host, "10.1.2.3");
}

TEST(External, LowersToNothingButItsConsumersWaitsAndAddresses) {
  std::string yaml = Compile(std::string(kHeader) +
                             "external couch {\n  host \"fd00::5\"\n  port http 5984\n"
                             "  ready http \"/_up\" on http\n}\n"
                             "service api {\n  image \"a:1\"\n  port http 80\n"
                             "  env DB = \"${couch.host}:${couch.port.http}\"\n}\n");
  ASSERT_NE(yaml, "errors");
  EXPECT_EQ(yaml.find("name: t-couch"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("name: wait-couch"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("value: http://[fd00::5]:5984/_up"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("value: fd00::5:5984"), std::string::npos) << yaml;
}

}  // namespace
}  // namespace whisk
