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

TEST(Lower, AJobsPodTemplateHasNoConfigChecksum) {
  // A Job's template is immutable: a checksum would make the next apply of
  // a changed config fail. A CronJob's template may change.
  std::string yaml = Compile(R"(topology shop {}
config settings {
  level = "info"
}
job migrate {
  image "shop/migrate:1.0.0"
  mount settings at "/etc/migrate"
}
cron report {
  image "shop/report:1.0.0"
  schedule "0 3 * * *"
  mount settings at "/etc/report"
}
)");
  ASSERT_EQ(yaml.find("errors:"), std::string::npos) << yaml;
  size_t job = yaml.find("kind: Job\n");
  size_t cron = yaml.find("kind: CronJob\n");
  ASSERT_NE(job, std::string::npos);
  ASSERT_NE(cron, std::string::npos);
  std::string job_text = yaml.substr(job, yaml.find("---", job) - job);
  std::string cron_text = yaml.substr(cron, yaml.find("---", cron) - cron);
  EXPECT_EQ(job_text.find("config-checksum"), std::string::npos) << job_text;
  EXPECT_NE(cron_text.find("config-checksum"), std::string::npos) << cron_text;
}

/// The value of the env variable `name` in `yaml`, or "" when it has none.
std::string EnvValue(const std::string& yaml, const std::string& name) {
  std::string key = "- name: " + name + "\n";
  size_t at = yaml.find(key);
  if (at == std::string::npos) return "";
  size_t value = yaml.find("value: ", at + key.size());
  if (value == std::string::npos) return "";
  value += 7;
  return yaml.substr(value, yaml.find('\n', value) - value);
}

TEST(Lower, NameAndSelectorAreWhatTheObjectsSay) {
  std::string yaml = Compile(R"(topology shop {}
config settings {
  level = "info"
}
service db {
  image "postgres:16.4"
  port sql 5432
}
service api {
  image "shop/api:1.4.2"
  env DB_NAME = "${db.name}", DB_PODS = "${db.selector}", SETTINGS = "${settings.name}"
}
)");
  ASSERT_EQ(yaml.find("errors:"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("kind: Deployment\nmetadata:\n  name: " + EnvValue(yaml, "DB_NAME") + "\n"),
            std::string::npos);
  EXPECT_NE(yaml.find("kind: ConfigMap\nmetadata:\n  name: " + EnvValue(yaml, "SETTINGS") + "\n"),
            std::string::npos);
  // The selector as text is the workload's own selector, label by label.
  size_t deployment = yaml.find("kind: Deployment\nmetadata:\n  name: shop-db\n");
  ASSERT_NE(deployment, std::string::npos);
  size_t labels = yaml.find("    matchLabels:\n", deployment);
  ASSERT_NE(labels, std::string::npos);
  std::string selector;
  for (size_t line = labels + 17; yaml.compare(line, 6, "      ") == 0;) {
    size_t end = yaml.find('\n', line);
    std::string label = yaml.substr(line + 6, end - line - 6);
    if (!selector.empty()) selector += ',';
    selector += label.replace(label.find(": "), 2, "=");
    line = end + 1;
  }
  ASSERT_FALSE(selector.empty()) << yaml;
  EXPECT_EQ(EnvValue(yaml, "DB_PODS"), selector);
  EXPECT_EQ(yaml.find("wait-db"), std::string::npos) << "a name is no dependency";
}

TEST(Lower, OnlyAJobWaitFailsOnACondition) {
  // A Job out of retries never completes: its wait fails rather than
  // waiting forever. Other waits that ask the API server have no failure.
  std::string yaml = Compile(R"(topology shop {}
job migrate {
  image "shop/migrate:1.0.0"
}
service db {
  image "postgres:16.4"
  port sql 5432
  ready endpoints
}
service api {
  image "shop/api:1.4.2"
  needs migrate, db
}
)");
  ASSERT_EQ(yaml.find("errors:"), std::string::npos) << yaml;
  EXPECT_EQ(EnvValue(yaml, "WHISK_FAIL"), R"("\"type\":\"Failed\",\"status\":\"True\"")");
  EXPECT_EQ(EnvValue(yaml, "WHISK_FAILURE"),
            "Job shop-migrate has condition Failed; see kubectl logs job/shop-migrate");
  size_t count = 0;
  for (size_t at = yaml.find("name: WHISK_FAIL\n"); at != std::string::npos;
       at = yaml.find("name: WHISK_FAIL\n", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << yaml;
  EXPECT_NE(yaml.find("WHISK_PATH\n          value: /api/v1/namespaces/default/endpoints/shop-db"),
            std::string::npos)
      << yaml;
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
