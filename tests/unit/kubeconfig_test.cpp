// Kubeconfig resolution as kubectl does it: which file, which context, merging,
// relative paths, inline data, in-cluster, and that secrets are never described.
#include "compiler/kube/kubeconfig.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/source/base64.h"

namespace whisk::kube {
namespace {

namespace fs = std::filesystem;

class Kubeconfig : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "whisk-kubeconfig-XXXXXX").string();
    dir_ = mkdtemp(pattern.data()) ? fs::path(pattern) : fs::path();
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

  fs::path dir_;
};

constexpr const char* kOne = R"(apiVersion: v1
kind: Config
current-context: one
clusters:
- name: c1
  cluster:
    server: https://one.example:6443
    certificate-authority: certs/ca.pem
users:
- name: u1
  user:
    token: secret-one
contexts:
- name: one
  context: {cluster: c1, user: u1, namespace: team}
- name: other
  context: {cluster: c1, user: u1}
)";

TEST_F(Kubeconfig, FlagFileCurrentContextAndRelativeCa) {
  Write("certs/ca.pem", "CA PEM");
  ConnectionOptions options;
  options.kubeconfig = Write("config", kOne);
  ConnectionResult r = ResolveConnection(options);
  ASSERT_TRUE(r.connection) << r.error;
  EXPECT_EQ(r.connection->server, "https://one.example:6443");
  EXPECT_EQ(r.connection->ca_pem, "CA PEM");
  EXPECT_EQ(r.connection->token, "secret-one");
  EXPECT_EQ(r.connection->namespace_name, "team");
  EXPECT_EQ(r.connection->context, "one");
}

TEST_F(Kubeconfig, ContextFlagAndDefaultNamespace) {
  Write("certs/ca.pem", "CA PEM");
  ConnectionOptions options;
  options.kubeconfig = Write("config", kOne);
  options.context = "other";
  ConnectionResult r = ResolveConnection(options);
  ASSERT_TRUE(r.connection) << r.error;
  EXPECT_EQ(r.connection->namespace_name, "default");
}

TEST_F(Kubeconfig, UnknownContextListsTheKnownOnes) {
  Write("certs/ca.pem", "CA PEM");
  ConnectionOptions options;
  options.kubeconfig = Write("config", kOne);
  options.context = "prod";
  ConnectionResult r = ResolveConnection(options);
  EXPECT_FALSE(r.connection);
  EXPECT_NE(r.error.find("context prod is not in"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("(contexts: one, other)"), std::string::npos) << r.error;
}

TEST_F(Kubeconfig, KubeconfigListMergesFirstDefinitionWins) {
  std::string first = Write("a/config", R"(current-context: shared
clusters:
- name: shared
  cluster: {server: "https://first:6443", insecure-skip-tls-verify: true}
contexts:
- name: shared
  context: {cluster: shared, user: u}
)");
  std::string second = Write("b/config", R"(current-context: ignored
clusters:
- name: shared
  cluster: {server: "https://second:6443"}
users:
- name: u
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
)");
  ConnectionOptions options;
  options.kubeconfig_env = first + ":" + (dir_ / "missing").string() + ":" + second;
  ConnectionResult r = ResolveConnection(options);
  ASSERT_TRUE(r.connection) << r.error;
  EXPECT_EQ(r.connection->server, "https://first:6443");
  EXPECT_TRUE(r.connection->insecure_skip_tls_verify);
  EXPECT_EQ(r.connection->client_cert_pem, "CERT");
  EXPECT_EQ(r.connection->client_key_pem, "KEY");
  EXPECT_EQ(r.connection->context, "shared");
}

TEST_F(Kubeconfig, TokenFileAndExecPluginPathsAreRelativeToTheirFile) {
  Write("creds/token", "from-file\n");
  std::string config = Write("config", R"(current-context: x
clusters:
- name: c
  cluster: {server: "https://x:6443"}
users:
- name: u
  user:
    tokenFile: creds/token
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: [--cluster, x]
      env: [{name: REGION, value: eu}]
      provideClusterInfo: true
contexts:
- name: x
  context: {cluster: c, user: u}
)");
  ConnectionOptions options;
  options.kubeconfig = config;
  ConnectionResult r = ResolveConnection(options);
  ASSERT_TRUE(r.connection) << r.error;
  EXPECT_EQ(r.connection->token, "from-file");
  ASSERT_TRUE(r.connection->exec);
  EXPECT_EQ(r.connection->exec->command, (dir_ / "bin/get-token").lexically_normal().string());
  EXPECT_EQ(r.connection->exec->args, (std::vector<std::string>{"--cluster", "x"}));
  ASSERT_EQ(r.connection->exec->env.size(), 1u);
  EXPECT_EQ(r.connection->exec->env[0].second, "eu");
  EXPECT_TRUE(r.connection->exec->provide_cluster_info);
}

TEST_F(Kubeconfig, HomeConfigThenInClusterThenAClearError) {
  ConnectionOptions options;
  options.home = (dir_ / "home").string();
  options.service_account_dir = (dir_ / "sa").string();
  ConnectionResult none = ResolveConnection(options);
  EXPECT_FALSE(none.connection);
  EXPECT_NE(none.error.find(".kube/config does not exist"), std::string::npos) << none.error;

  Write("sa/ca.crt", "POD CA");
  Write("sa/token", "pod-token\n");
  Write("sa/namespace", "apps");
  options.service_host = "10.0.0.1";
  options.service_port = "443";
  ConnectionResult pod = ResolveConnection(options);
  ASSERT_TRUE(pod.connection) << pod.error;
  EXPECT_TRUE(pod.connection->in_cluster);
  EXPECT_EQ(pod.connection->server, "https://10.0.0.1:443");
  EXPECT_EQ(pod.connection->token, "pod-token");
  EXPECT_EQ(pod.connection->namespace_name, "apps");

  Write("home/.kube/config", R"(current-context: h
clusters: [{name: c, cluster: {server: "https://home:6443"}}]
contexts: [{name: h, context: {cluster: c}}]
)");
  ConnectionResult home = ResolveConnection(options);
  ASSERT_TRUE(home.connection) << home.error;
  EXPECT_EQ(home.connection->server, "https://home:6443");
}

TEST_F(Kubeconfig, DescribeNeverShowsSecrets) {
  Write("certs/ca.pem", "CA PEM");
  ConnectionOptions options;
  options.kubeconfig = Write("config", kOne);
  ConnectionResult r = ResolveConnection(options);
  ASSERT_TRUE(r.connection) << r.error;
  std::string text = Describe(*r.connection);
  EXPECT_EQ(text.find("secret-one"), std::string::npos) << text;
  EXPECT_NE(text.find("bearer token"), std::string::npos) << text;
}

TEST_F(Kubeconfig, BrokenFilesSayWhichAndWhy) {
  ConnectionOptions options;
  options.kubeconfig = Write("config", "clusters: [unclosed\n");
  ConnectionResult r = ResolveConnection(options);
  EXPECT_FALSE(r.connection);
  EXPECT_NE(r.error.find("is not valid YAML: line"), std::string::npos) << r.error;

  options.kubeconfig = Write("config2", R"(current-context: x
clusters: [{name: c, cluster: {server: "https://x", certificate-authority-data: "!!"}}]
contexts: [{name: x, context: {cluster: c}}]
)");
  r = ResolveConnection(options);
  EXPECT_NE(r.error.find("certificate-authority-data is not base64"), std::string::npos) << r.error;
}

TEST(Base64, RoundTripsAndDecodesWithAndWithoutPaddingAndRejectsJunk) {
  for (const std::string& bytes :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(DecodeBase64(EncodeBase64(bytes)), bytes);
  }
  EXPECT_EQ(EncodeBase64("hello"), "aGVsbG8=");
  EXPECT_EQ(DecodeBase64("aGVsbG8="), "hello");
  EXPECT_EQ(DecodeBase64("aGVsbG8"), "hello");
  EXPECT_EQ(DecodeBase64("aGVs\nbG8h"), "hello!");
  EXPECT_FALSE(DecodeBase64("aGVs*G8="));
  EXPECT_FALSE(DecodeBase64("aGVsbG8=x"));
}

}  // namespace
}  // namespace whisk::kube
