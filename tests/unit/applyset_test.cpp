// The ApplySet record: its id is the convention's hash, and listing and labelling
// read and write what the convention says.
#include "compiler/kube/applyset.h"

#include <gtest/gtest.h>

#include <string>

#include "compiler/kube/sha256.h"

namespace whisk::kube {
namespace {

std::string Hex(const std::array<uint8_t, 32>& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : digest) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return out;
}

TEST(Sha256, MatchesTheStandardsVectors) {
  EXPECT_EQ(Hex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Hex(Sha256(std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(ApplySet, IdIsTheUnpaddedUrlSafeHashOfNameNamespaceKindGroup) {
  ApplySet set = ApplySetFor("owdev", "openwhisk");
  EXPECT_EQ(set.name, "owdev.applyset");
  ASSERT_EQ(set.id.rfind("applyset-", 0), 0u);
  ASSERT_EQ(set.id.substr(set.id.size() - 3), "-v1");
  std::string hash = set.id.substr(9, set.id.size() - 12);
  EXPECT_EQ(hash.size(), 43u);  // 32 bytes, base64 without padding
  EXPECT_EQ(hash.find_first_of("+/="), std::string::npos);
  EXPECT_NE(ApplySetFor("owdev", "other").id, set.id);
}

TEST(ApplySet, ParentListsKindsSortedAndMembersCarryTheLabel) {
  ApplySet set = ApplySetFor("shop", "shop");
  Json parent = Json::parse(ParentJson(set, {"Service", "Deployment.apps", "ConfigMap"}));
  EXPECT_EQ(parent["metadata"]["labels"][kIdLabel], set.id);
  EXPECT_EQ(parent["metadata"]["annotations"][kGroupKindsAnnotation],
            "ConfigMap,Deployment.apps,Service");
  EXPECT_EQ(ListedGroupKinds(parent),
            (std::set<std::string>{"ConfigMap", "Deployment.apps", "Service"}));
  EXPECT_TRUE(ListedGroupKinds(Json::object()).empty());

  Json member = Json::parse(WithPartOf(R"({"metadata":{"name":"x","labels":{"a":"b"}}})", set));
  EXPECT_EQ(member["metadata"]["labels"]["a"], "b");
  EXPECT_EQ(member["metadata"]["labels"][kPartOfLabel], set.id);
  EXPECT_EQ(GroupKind({"apps", "v1", "Deployment", "deployments", true}), "Deployment.apps");
  EXPECT_EQ(GroupKind({"", "v1", "Service", "services", true}), "Service");
}

}  // namespace
}  // namespace whisk::kube
