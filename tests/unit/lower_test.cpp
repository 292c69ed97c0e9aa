// Lowering: behaviour that golden files cannot show, because it is about how
// the output of two runs relates (a changed config, a patch on shared labels,
// determinism) rather than about one output.
#include "compiler/lower/lower.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "compiler/emit/manifest_yaml.h"
#include "tests/unit/front_end_on_text.h"

namespace whisk::lower {
namespace {

/// Runs the front end, lowering and the YAML emitter on `text`; returns the
/// YAML, or the rendered diagnostics when there was an error.
std::string Compile(const std::string& text) {
  std::unique_ptr<test_support::Checked> checked = test_support::CheckText(text);
  std::string out;
  if (!checked->diags.has_errors()) {
    k8s::ManifestSet set = Lower(checked->result.program, {}, checked->diags);
    if (!checked->diags.has_errors()) out = emit::ManifestYaml(set);
  }
  if (checked->diags.has_errors()) {
    out = "errors:\n" + RenderDiagnostics(checked->diags, checked->sources, {});
  }
  return out;
}

std::string Annotation(const std::string& yaml) {
  size_t at = yaml.find("whiskc/config-checksum: ");
  if (at == std::string::npos) return "";
  size_t end = yaml.find('\n', at);
  return yaml.substr(at, end - at);
}

constexpr const char* kConfigured = R"(topology shop {
  namespace "shop"
}
config settings {
  level = "LEVEL"
}
service api {
  image "shop/api:1.4.2"
  mount settings at "/etc/api"
}
)";

std::string WithLevel(const std::string& level) {
  std::string text = kConfigured;
  text.replace(text.find("LEVEL"), 5, level);
  return text;
}

TEST(Lower, ConfigChecksumFollowsTheConfigContents) {
  std::string info = Annotation(Compile(WithLevel("info")));
  std::string debug = Annotation(Compile(WithLevel("debug")));
  ASSERT_FALSE(info.empty()) << Compile(WithLevel("info"));
  EXPECT_NE(info, debug) << "a changed config must change the pod template, so pods roll";
  EXPECT_EQ(info, Annotation(Compile(WithLevel("info"))));
}

TEST(Lower, NoChecksumWithoutConfig) {
  std::string yaml = Compile(R"(topology shop {}
service api {
  image "shop/api:1.4.2"
}
)");
  EXPECT_EQ(yaml.find("config-checksum"), std::string::npos) << yaml;
}

TEST(Lower, APatchOnPodLabelsLeavesOtherObjectsLabelsAlone) {
  // Every object of a component shares one label map until a patch changes
  // one of them.
  std::string yaml = Compile(R"(topology shop {}
service api {
  image "shop/api:1.4.2"
  port http 8080
  patch { spec: { template: { metadata: { labels: { tier: "web" } } } } }
}
)");
  ASSERT_EQ(yaml.find("errors:"), std::string::npos) << yaml;
  size_t count = 0;
  for (size_t at = yaml.find("tier: web"); at != std::string::npos;
       at = yaml.find("tier: web", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << yaml;
  // The Service keeps the plain selector and labels.
  size_t service = yaml.find("kind: Service");
  ASSERT_NE(service, std::string::npos);
  EXPECT_EQ(yaml.substr(service, yaml.find("---", service) - service).find("tier"),
            std::string::npos);
}

TEST(Lower, ADecimalInAPatchStaysANumber) {
  std::string yaml = Compile(R"(topology shop {}
service api {
  image "shop/api:1.4.2"
  patch { metadata: { annotations: { weight: 1.5 } } }
}
)");
  EXPECT_NE(yaml.find("    weight: 1.5\n"), std::string::npos) << yaml;
}

TEST(Lower, TheSameInputGivesTheSameBytes) {
  std::string text = R"(topology shop {
  namespace "shop"
  isolate
}
role core = node "pool" == "core" tainted
stateful db {
  image "postgres:16.4"
  port sql 5432
  ready exec "pg_isready"
  storage data 1Gi at "/data"
  place require core, spread
}
service api {
  image "shop/api:1.4.2"
  port http 8080
  env DB = "${db.host}:${db.port.sql}"
  ready http "/health" on http
  autoscale 2..5 on cpu 70%
  cpu 250m
  budget max_unavailable 1
  expose http as ingress "shop.example.com" tls "shop-tls"
}
)";
  std::string first = Compile(text);
  ASSERT_EQ(first.find("errors:"), std::string::npos) << first;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Compile(text), first);
}

}  // namespace
}  // namespace whisk::lower
