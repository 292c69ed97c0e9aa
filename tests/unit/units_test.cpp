#include "compiler/check/units.h"

#include <gtest/gtest.h>

#include "compiler/check/names.h"

namespace whisk::sema {
namespace {

TEST(Quantity, AcceptsKubernetesSuffixes) {
  EXPECT_EQ(ParseQuantity("512Mi")->milli, 512LL * 1024 * 1024 * 1000);
  EXPECT_EQ(ParseQuantity("250m")->milli, 250);
  EXPECT_EQ(ParseQuantity("2")->milli, 2000);
  EXPECT_EQ(ParseQuantity("1.5Gi")->milli, 1536LL * 1024 * 1024 * 1000);
  EXPECT_EQ(ParseQuantity("1k")->milli, 1000000);
  EXPECT_EQ(ParseQuantity("1e3")->milli, 1000000);
  EXPECT_EQ(ParseQuantity("512Mi")->text, "512Mi");
}

TEST(Quantity, RejectsWhatKubernetesRejects) {
  EXPECT_FALSE(ParseQuantity("10GB"));
  EXPECT_FALSE(ParseQuantity("1.5.Gi"));
  EXPECT_FALSE(ParseQuantity("-1Gi"));
  EXPECT_FALSE(ParseQuantity("Mi"));
  EXPECT_FALSE(ParseQuantity("1mi"));
  EXPECT_FALSE(ParseQuantity("80%"));
}

TEST(Duration, ParsesUnitsAndSequences) {
  EXPECT_EQ(ParseDuration("500ms")->millis, 500);
  EXPECT_EQ(ParseDuration("30s")->millis, 30000);
  EXPECT_EQ(ParseDuration("5m")->millis, 300000);
  EXPECT_EQ(ParseDuration("1h30m")->millis, 5400000);
  EXPECT_FALSE(ParseDuration("30"));
  EXPECT_FALSE(ParseDuration("3d"));
  EXPECT_FALSE(ParseDuration(""));
}

TEST(Names, Dns1123Labels) {
  EXPECT_TRUE(IsDns1123Label("owdev-controller"));
  EXPECT_FALSE(IsDns1123Label("Controller"));
  EXPECT_FALSE(IsDns1123Label("-a"));
  EXPECT_FALSE(IsDns1123Label("a-"));
  EXPECT_FALSE(IsDns1123Label(std::string(64, 'a')));
  EXPECT_TRUE(IsDns1123Label(std::string(63, 'a')));
  EXPECT_EQ(KubeName("init_couchdb"), "init-couchdb");
}

TEST(Names, LabelKeysAndValues) {
  EXPECT_TRUE(IsLabelKey("openwhisk-role"));
  EXPECT_TRUE(IsLabelKey("topology.kubernetes.io/zone"));
  EXPECT_FALSE(IsLabelKey("bad key"));
  EXPECT_FALSE(IsLabelKey("/zone"));
  EXPECT_TRUE(IsLabelValue(""));
  EXPECT_TRUE(IsLabelValue("core"));
  EXPECT_FALSE(IsLabelValue("a b"));
}

}  // namespace
}  // namespace whisk::sema
