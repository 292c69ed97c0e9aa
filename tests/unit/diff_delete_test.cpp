// The pure parts of `whiskc diff` and `whiskc delete`: what diff leaves out and masks, which
// claims are a StatefulSet's, what in a namespace is someone else's, and the command line.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "compiler/cli/options.h"
#include "compiler/kube/diff.h"
#include "compiler/kube/namespace_content.h"
#include "compiler/kube/volumes.h"
#include "tests/unit/parse_args.h"

namespace whisk {
namespace {

using kube::Json;

// ---------------------------------------------------------------- diff

TEST(PrepareForDiff, LeavesManagedFieldsOutAndKeepsTheRest) {
  Json live = Json::parse(R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x",
    "resourceVersion":"7","generation":1,"managedFields":[{"manager":"whiskc"}]},"data":{"a":"1"},
    "status":{"phase":"Ready"}})");
  Json applied = live;
  kube::PrepareForDiff(live, applied);
  EXPECT_FALSE(live["metadata"].contains("managedFields"));
  EXPECT_FALSE(applied["metadata"].contains("managedFields"));
  // kubectl diff shows these: so does whiskc.
  EXPECT_EQ(live["metadata"]["resourceVersion"], "7");
  EXPECT_EQ(live["metadata"]["generation"], 1);
  EXPECT_EQ(live["status"]["phase"], "Ready");
  EXPECT_EQ(live["data"]["a"], "1");  // not a Secret: nothing masked
}

TEST(PrepareForDiff, MasksSecretValuesButShowsWhichChange) {
  Json live = Json::parse(R"({"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},
    "data":{"same":"c2FtZQ==","changed":"b2xk","dropped":"eA=="}})");
  Json applied = Json::parse(R"({"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},
    "data":{"same":"c2FtZQ==","changed":"bmV3","added":"eQ=="},"stringData":{"p":"secret"}})");
  kube::PrepareForDiff(live, applied);
  EXPECT_EQ(live["data"],
            Json::parse(R"j({"same":"***","changed":"*** (before)","dropped":"***"})j"));
  EXPECT_EQ(applied["data"],
            Json::parse(R"j({"same":"***","changed":"*** (after)","added":"***"})j"));
  EXPECT_EQ(applied["stringData"]["p"], "***");
}

TEST(PrepareForDiff, MasksASecretThatDoesNotExistYet) {
  Json live;  // absent
  Json applied = Json::parse(R"({"kind":"Secret","apiVersion":"v1","data":{"p":"cw=="}})");
  kube::PrepareForDiff(live, applied);
  EXPECT_TRUE(live.is_null());
  EXPECT_EQ(applied["data"]["p"], "***");
}

// ---------------------------------------------------------------- volumes

const Json kStatefulSet = Json::parse(R"({"kind":"StatefulSet","metadata":{"name":"shop-db"},
  "spec":{"selector":{"matchLabels":{"app.kubernetes.io/instance":"shop",
  "app.kubernetes.io/component":"db"}},"volumeClaimTemplates":[{"metadata":{"name":"data"}}]}})");

Json Claim(const std::string& name, bool labelled) {
  Json claim = {{"metadata", {{"name", name}}}};
  if (labelled) {
    claim["metadata"]["labels"] = {{"app.kubernetes.io/instance", "shop"},
                                   {"app.kubernetes.io/component", "db"},
                                   {"app.kubernetes.io/name", "postgres"}};
  }
  return claim;
}

TEST(IsClaimOf, TakesTheControllersNamesWithTheSetsSelectorLabels) {
  EXPECT_TRUE(kube::IsClaimOf(Claim("data-shop-db-0", true), kStatefulSet));
  EXPECT_TRUE(kube::IsClaimOf(Claim("data-shop-db-12", true), kStatefulSet));
  EXPECT_FALSE(kube::IsClaimOf(Claim("data-shop-db-0", false), kStatefulSet));  // someone's
  EXPECT_FALSE(kube::IsClaimOf(Claim("data-shop-db-", true), kStatefulSet));
  EXPECT_FALSE(kube::IsClaimOf(Claim("data-shop-db-x", true), kStatefulSet));
  EXPECT_FALSE(kube::IsClaimOf(Claim("data-shop-db-extra-0", true), kStatefulSet));
  EXPECT_FALSE(kube::IsClaimOf(Claim("logs-shop-db-0", true), kStatefulSet));
}

// ---------------------------------------------------------------- namespace content

kube::Found Object(const std::string& group_kind, const std::string& name,
                   const std::string& uid = "", const std::string& owner = "") {
  Json object = {{"metadata", {{"name", name}}}};
  if (!uid.empty()) object["metadata"]["uid"] = uid;
  if (!owner.empty()) object["metadata"]["ownerReferences"] = {{{"uid", owner}}};
  return {group_kind, object};
}

TEST(Foreign, CountsTheTopologysObjectsAndWhatTheyOwnAsOurs) {
  kube::Ours ours;
  ours.objects = {"Deployment.apps/shop-api", "Service/shop-api", "Secret/shop.applyset"};
  ours.uids = {"deleted-job"};
  std::vector<kube::Found> found = {
      Object("Deployment.apps", "shop-api", "d1"),
      Object("ReplicaSet.apps", "shop-api-5d8f", "r1", "d1"),
      Object("Pod", "shop-api-5d8f-abcde", "p1", "r1"),  // owned through the ReplicaSet
      Object("Pod", "shop-migrate-xyz", "p2", "deleted-job"),
      Object("EndpointSlice.discovery.k8s.io", "shop-api-x1", "e1", "s1"),
      Object("Endpoints", "shop-api"),  // the endpoints controller's, for our Service
      Object("ConfigMap", "kube-root-ca.crt"),
      Object("ServiceAccount", "default"),
      Object("Secret", "shop.applyset"),
  };
  EXPECT_EQ(kube::Foreign(found, ours), std::vector<std::string>{"EndpointSlice shop-api-x1"});
  found.push_back(Object("Service", "shop-api", "s1"));
  EXPECT_TRUE(kube::Foreign(found, ours).empty());
}

TEST(Foreign, NamesWhatIsSomeoneElses) {
  kube::Ours ours;
  ours.objects = {"Deployment.apps/shop-api"};
  Json going = {{"metadata", {{"name", "old"}, {"deletionTimestamp", "2026-01-01T00:00:00Z"}}}};
  Json token = {{"metadata",
                 {{"name", "default-token-x"},
                  {"annotations", {{"kubernetes.io/service-account.name", "default"}}}}},
                {"type", "kubernetes.io/service-account-token"}};
  std::vector<kube::Found> found = {
      Object("Deployment.apps", "shop-api", "d1"),
      Object("ConfigMap", "someone-elses"),
      Object("Pod", "stray", "p9", "unknown-owner"),
      Object("Certificate.cert-manager.io", "tls"),
      Object("Endpoints", "other-service"),
      {"ConfigMap", going},  // already being deleted
      {"Secret", token},     // the default account's token
  };
  EXPECT_EQ(kube::Foreign(found, ours),
            (std::vector<std::string>{"ConfigMap someone-elses", "Pod stray", "Certificate tls",
                                      "Endpoints other-service"}));
}

// ---------------------------------------------------------------- options

using test_support::Parse;
using test_support::Parsed;

TEST(DiffDeleteOptions, TakeTheClusterFlags) {
  Parsed diff = Parse({"diff", "a.ow", "--kubeconfig", "k", "--context", "c", "--field-manager",
                       "m", "--force-conflicts", "-v", "--dry-run=server"});
  ASSERT_TRUE(diff.options) << diff.error;
  EXPECT_EQ(diff.options->command, cli::Command::Diff);
  EXPECT_EQ(diff.options->field_manager, "m");
  EXPECT_TRUE(diff.options->force_conflicts);
  Parsed remove = Parse({"delete", "a.ow", "--kubeconfig", "k", "--context", "c", "-v",
                         "--dry-run=server", "--volumes", "--timeout", "90s"});
  ASSERT_TRUE(remove.options) << remove.error;
  EXPECT_EQ(remove.options->command, cli::Command::Delete);
  EXPECT_TRUE(remove.options->volumes);
  EXPECT_TRUE(remove.options->dry_run_server);
  EXPECT_EQ(remove.options->timeout, std::chrono::seconds(90));
  Parsed plain = Parse({"delete", "a.ow"});
  ASSERT_TRUE(plain.options) << plain.error;
  EXPECT_EQ(plain.options->timeout, std::chrono::minutes(5));
  EXPECT_FALSE(plain.options->volumes);
}

TEST(DiffDeleteOptions, RejectWhatDoesNotFit) {
  EXPECT_EQ(Parse({"apply", "a.ow", "--volumes"}).error, "--volumes applies to `delete` only");
  EXPECT_EQ(Parse({"diff", "a.ow", "--volumes"}).error, "--volumes applies to `delete` only");
  EXPECT_EQ(Parse({"diff", "a.ow", "--prune"}).error, "--prune and --wait apply to `apply` only");
  EXPECT_EQ(Parse({"delete", "a.ow", "--wait"}).error, "--prune and --wait apply to `apply` only");
  EXPECT_EQ(Parse({"delete", "a.ow", "--force-conflicts"}).error,
            "--force-conflicts applies to `apply` and `diff` only");
  EXPECT_EQ(Parse({"diff", "a.ow", "--timeout", "5s"}).error,
            "--timeout applies to `apply --wait` and `delete` only");
  EXPECT_EQ(Parse({"compile", "a.ow", "--context", "c"}).error,
            "--kubeconfig, --context, --request-timeout and -v apply to `apply`, `status`, "
            "`diff` and `delete` only");
  EXPECT_EQ(Parse({"dif", "a.ow"}).error, "unknown command `dif`; did you mean `diff`?");
}

}  // namespace
}  // namespace whisk
