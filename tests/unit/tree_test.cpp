#include "compiler/lower/tree.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/lower/prefault.h"

namespace whisk::k8s {
namespace {

/// The keys of `map`, in order.
std::vector<std::string> Keys(const Tree& tree, NodeId map) {
  std::vector<std::string> keys;
  for (NodeId child : tree.children(map)) keys.emplace_back(tree[child].key);
  return keys;
}

/// The texts of the scalar children of `parent`, in order.
std::vector<std::string> Texts(const Tree& tree, NodeId parent) {
  std::vector<std::string> texts;
  for (NodeId child : tree.children(parent)) texts.emplace_back(tree[child].text);
  return texts;
}

using Strings = std::vector<std::string>;

TEST(Tree, SetKeepsInsertionOrderAndKinds) {
  Tree tree;
  NodeId map = tree.Map();
  EXPECT_TRUE(tree.empty(map));
  NodeId z = tree.SetString(map, "zeta", "last-alphabetically");
  NodeId a = tree.SetInt(map, "alpha", 42);
  NodeId m = tree.SetBool(map, "mid", false);
  NodeId sub = tree.SetMap(map, "sub");
  NodeId list = tree.SetList(map, "list");
  EXPECT_FALSE(tree.empty(map));
  EXPECT_EQ(Keys(tree, map), (Strings{"zeta", "alpha", "mid", "sub", "list"}));

  EXPECT_EQ(tree[z].kind, NodeKind::String);
  EXPECT_EQ(tree[z].text, "last-alphabetically");
  EXPECT_EQ(tree[a].kind, NodeKind::Int);
  EXPECT_EQ(tree[a].text, "42");
  EXPECT_EQ(tree[m].kind, NodeKind::Bool);
  EXPECT_EQ(tree[m].text, "false");
  EXPECT_EQ(tree[sub].kind, NodeKind::Map);
  EXPECT_TRUE(tree.empty(sub));
  EXPECT_EQ(tree[list].kind, NodeKind::List);
  EXPECT_TRUE(tree.empty(list));
  EXPECT_EQ(tree[tree.Null()].kind, NodeKind::Null);
  EXPECT_EQ(tree[tree.Null()].text, "null");
  EXPECT_EQ(tree[tree.Bool(true)].text, "true");
}

TEST(Tree, SetDoesNotCheckForExistingKeys) {
  Tree tree;
  NodeId map = tree.Map();
  NodeId first = tree.SetString(map, "k", "one");
  tree.SetString(map, "k", "two");
  EXPECT_EQ(Keys(tree, map), (Strings{"k", "k"}));
  EXPECT_EQ(tree.Find(map, "k"), first);  // the first match wins
}

TEST(Tree, AppendKeepsOrder) {
  Tree tree;
  NodeId list = tree.List();
  tree.AppendString(list, "c");
  tree.AppendString(list, "a");
  tree.Append(list, tree.Int(7));
  NodeId item = tree.AppendMap(list);
  tree.SetString(item, "name", "x");
  tree.AppendString(list, "b");
  EXPECT_EQ(Texts(tree, list), (Strings{"c", "a", "7", "", "b"}));
  EXPECT_EQ(tree[item].kind, NodeKind::Map);
  EXPECT_EQ(Keys(tree, item), (Strings{"name"}));
}

TEST(Tree, FindReturnsTheValueOrNoNode) {
  Tree tree;
  NodeId map = tree.Map();
  EXPECT_EQ(tree.Find(map, "a"), kNoNode);
  NodeId a = tree.SetString(map, "a", "1");
  NodeId b = tree.SetString(map, "b", "2");
  NodeId c = tree.SetString(map, "c", "3");
  EXPECT_EQ(tree.Find(map, "a"), a);
  EXPECT_EQ(tree.Find(map, "b"), b);
  EXPECT_EQ(tree.Find(map, "c"), c);
  EXPECT_EQ(tree.Find(map, "d"), kNoNode);
  EXPECT_EQ(tree.Find(map, ""), kNoNode);
  EXPECT_EQ(tree.Find(map, "ab"), kNoNode);
  // Not recursive: a key of a nested map is not found in its parent.
  NodeId sub = tree.SetMap(map, "sub");
  tree.SetString(sub, "inner", "x");
  EXPECT_EQ(tree.Find(map, "inner"), kNoNode);
  EXPECT_NE(tree.Find(sub, "inner"), kNoNode);
}

TEST(Tree, FindOrAddMapAndList) {
  Tree tree;
  NodeId map = tree.Map();
  tree.SetString(map, "before", "x");
  NodeId labels = tree.FindOrAddMap(map, "labels");
  EXPECT_EQ(tree[labels].kind, NodeKind::Map);
  EXPECT_TRUE(tree.empty(labels));
  tree.SetString(labels, "app", "web");
  size_t nodes = tree.size();
  EXPECT_EQ(tree.FindOrAddMap(map, "labels"), labels);  // found, nothing added
  EXPECT_EQ(tree.size(), nodes);

  NodeId items = tree.FindOrAddList(map, "items");
  EXPECT_EQ(tree[items].kind, NodeKind::List);
  tree.AppendString(items, "one");
  EXPECT_EQ(tree.FindOrAddList(map, "items"), items);
  EXPECT_EQ(tree.size(), nodes + 2);

  EXPECT_EQ(Keys(tree, map), (Strings{"before", "labels", "items"}));
  EXPECT_EQ(Keys(tree, labels), (Strings{"app"}));
  EXPECT_EQ(Texts(tree, items), (Strings{"one"}));
}

class TreeRemove : public ::testing::Test {
 protected:
  void SetUp() override {
    map = tree.Map();
    for (const char* key : {"a", "b", "c"}) tree.Set(map, Key::Interned(key), tree.String(key));
  }
  Tree tree;
  NodeId map = kNoNode;
};

TEST_F(TreeRemove, First) {
  EXPECT_TRUE(tree.Remove(map, "a"));
  EXPECT_EQ(Keys(tree, map), (Strings{"b", "c"}));
  EXPECT_EQ(tree.Find(map, "a"), kNoNode);
  tree.SetString(map, "d", "d");
  EXPECT_EQ(Keys(tree, map), (Strings{"b", "c", "d"}));
}

TEST_F(TreeRemove, Middle) {
  EXPECT_TRUE(tree.Remove(map, "b"));
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "c"}));
  tree.SetString(map, "d", "d");
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "c", "d"}));
}

TEST_F(TreeRemove, LastKeepsTheLastPointerRight) {
  EXPECT_TRUE(tree.Remove(map, "c"));
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b"}));
  // The next append must land after `b`, not after the removed `c`.
  tree.SetString(map, "d", "d");
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "d"}));
  EXPECT_EQ(tree.Find(map, "c"), kNoNode);
  tree.SetString(map, "e", "e");
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "d", "e"}));
}

TEST_F(TreeRemove, EveryChildThenAppend) {
  EXPECT_TRUE(tree.Remove(map, "c"));
  EXPECT_TRUE(tree.Remove(map, "a"));
  EXPECT_TRUE(tree.Remove(map, "b"));
  EXPECT_TRUE(tree.empty(map));
  EXPECT_EQ(Keys(tree, map), Strings{});
  tree.SetString(map, "new", "x");
  EXPECT_EQ(Keys(tree, map), (Strings{"new"}));
  tree.SetString(map, "newer", "y");
  EXPECT_EQ(Keys(tree, map), (Strings{"new", "newer"}));
}

TEST_F(TreeRemove, MissingKeyChangesNothing) {
  EXPECT_FALSE(tree.Remove(map, "z"));
  EXPECT_FALSE(tree.Remove(map, ""));
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "c"}));
  NodeId empty = tree.Map();
  EXPECT_FALSE(tree.Remove(empty, "a"));
  EXPECT_TRUE(tree.empty(empty));
}

TEST_F(TreeRemove, OnlyTheFirstOfDuplicateKeys) {
  tree.SetString(map, "a", "second a");
  EXPECT_TRUE(tree.Remove(map, "a"));
  EXPECT_EQ(Keys(tree, map), (Strings{"b", "c", "a"}));
  EXPECT_EQ(tree[tree.Find(map, "a")].text, "second a");
  EXPECT_TRUE(tree.Remove(map, "a"));  // the last child now
  tree.SetString(map, "d", "d");
  EXPECT_EQ(Keys(tree, map), (Strings{"b", "c", "d"}));
}

class TreeReplace : public TreeRemove {};

TEST_F(TreeReplace, KeepsPositionOfFirst) {
  NodeId value = tree.Int(1);
  tree.Replace(map, "a", value);
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "c"}));
  EXPECT_EQ(tree.Find(map, "a"), value);
  EXPECT_EQ(tree[value].key, "a");
  EXPECT_EQ(Texts(tree, map), (Strings{"1", "b", "c"}));
}

TEST_F(TreeReplace, KeepsPositionOfMiddle) {
  NodeId value = tree.Map();
  tree.SetString(value, "inner", "x");
  tree.Replace(map, "b", value);
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "c"}));
  EXPECT_EQ(tree.Find(map, "b"), value);
  EXPECT_EQ(tree[tree.Find(map, "b")].kind, NodeKind::Map);
}

TEST_F(TreeReplace, LastKeepsTheLastPointerRight) {
  NodeId value = tree.String("new c");
  tree.Replace(map, "c", value);
  EXPECT_EQ(Texts(tree, map), (Strings{"a", "b", "new c"}));
  tree.SetString(map, "d", "d");
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "c", "d"}));
  EXPECT_EQ(Texts(tree, map), (Strings{"a", "b", "new c", "d"}));
}

TEST_F(TreeReplace, AppendsWhenMissing) {
  NodeId value = tree.String("z");
  tree.Replace(map, "z", value);
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "c", "z"}));
  EXPECT_EQ(tree[value].key, "z");
  tree.SetString(map, "after", "y");
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "c", "z", "after"}));

  NodeId empty = tree.Map();
  tree.Replace(empty, "only", tree.Int(3));
  EXPECT_EQ(Keys(tree, empty), (Strings{"only"}));
  tree.SetInt(empty, "second", 4);
  EXPECT_EQ(Texts(tree, empty), (Strings{"3", "4"}));
}

TEST_F(TreeReplace, WithAnInternedKey) {
  std::string key = "b";
  tree.Replace(map, Key::Interned(tree.Intern(key)), tree.String("B"));
  key = "x";  // the tree must not depend on the caller's string
  EXPECT_EQ(Texts(tree, map), (Strings{"a", "B", "c"}));
  EXPECT_EQ(Keys(tree, map), (Strings{"a", "b", "c"}));
}

TEST(Tree, InternAcrossManyBlocks) {
  Tree tree;
  // About 6 MiB of strings of varying length: several 1 MiB blocks, with
  // strings that do not fit the rest of a block.
  std::vector<std::string> originals;
  std::vector<std::string_view> stored;
  size_t total = 0;
  for (int i = 0; total < (6u << 20); ++i) {
    size_t length = 1 + (static_cast<size_t>(i) * 7919) % 40000;
    std::string text(length, static_cast<char>('a' + i % 26));
    text += std::to_string(i);
    total += text.size();
    stored.push_back(tree.Intern(text));
    originals.push_back(std::move(text));
  }
  ASSERT_EQ(stored.size(), originals.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    ASSERT_EQ(stored[i], originals[i]) << "string " << i;
    EXPECT_NE(static_cast<const void*>(stored[i].data()),
              static_cast<const void*>(originals[i].data()));
  }
}

TEST(Tree, InternAStringBiggerThanABlock) {
  Tree tree;
  std::string small_before = "before";
  std::string_view before = tree.Intern(small_before);
  std::string huge(3u << 20, 'x');
  for (size_t i = 0; i < huge.size(); i += 4093) huge[i] = static_cast<char>('a' + i % 26);
  std::string_view big = tree.Intern(huge);
  std::string_view after = tree.Intern("after");
  std::string fill(900000, 'f');
  std::string_view filled = tree.Intern(fill);
  std::string_view last = tree.Intern("last");

  EXPECT_EQ(before, "before");
  EXPECT_EQ(big.size(), huge.size());
  EXPECT_TRUE(big == huge);
  EXPECT_EQ(after, "after");
  EXPECT_EQ(filled, fill);
  EXPECT_EQ(last, "last");
  // Nothing written later overlaps what came before.
  EXPECT_TRUE(after.data() >= big.data() + big.size() || after.data() + after.size() <= big.data());

  NodeId node = tree.String(huge);
  EXPECT_TRUE(tree[node].text == huge);
}

TEST(Tree, InternEmptyAndTreeStringsOutliveTheirSource) {
  Tree tree;
  EXPECT_EQ(tree.Intern(""), "");
  NodeId node;
  {
    std::string temporary = "temporary value";
    node = tree.String(temporary);
    temporary.assign(temporary.size(), '#');
  }
  EXPECT_EQ(tree[node].text, "temporary value");
  EXPECT_EQ(tree[tree.String("")].text, "");
}

TEST(Tree, IntExtremes) {
  Tree tree;
  NodeId min = tree.Int(INT64_MIN);
  NodeId max = tree.Int(INT64_MAX);
  EXPECT_EQ(tree[min].kind, NodeKind::Int);
  EXPECT_EQ(tree[min].text, "-9223372036854775808");
  EXPECT_EQ(tree[max].text, "9223372036854775807");
  EXPECT_EQ(tree[tree.Int(0)].text, "0");
  EXPECT_EQ(tree[tree.Int(-1)].text, "-1");
  // Texts of successive ints do not share storage.
  EXPECT_EQ(tree[min].text, "-9223372036854775808");
}

TEST(TreeMemory, StartsInThePrefaultedRegionAndGrowsPastIt) {
  // A region far too small for what follows: the tree starts in it, then
  // moves to larger regions and keeps every node.
  PrefaultTreeMemory(64 * 1024, 1 << 20);
  Tree tree;
  NodeId list = tree.List();
  constexpr int kItems = 200000;  // 6 MB of slots: several moves
  for (int i = 0; i < kItems; ++i) tree.AppendString(list, "item-" + std::to_string(i));
  EXPECT_EQ(TakePrefaulted().data, nullptr) << "the tree took the region";
  int seen = 0;
  for (NodeId item : tree.children(list)) {
    ASSERT_EQ(tree[item].text, "item-" + std::to_string(seen));
    ++seen;
  }
  EXPECT_EQ(seen, kItems);
}

TEST(TreeMemory, MovingATreeKeepsItsNodes) {
  Tree tree;
  NodeId map = tree.Map();
  tree.SetString(map, "name", "web");
  Tree moved = std::move(tree);
  EXPECT_EQ(moved[moved.Find(map, "name")].text, "web");
}

TEST(TreeMemory, SharedChildrenAreCopiedOnFirstChange) {
  Tree tree;
  NodeId labels = tree.Map();
  tree.SetString(labels, "app", "web");
  NodeId a = tree.Share(labels);
  NodeId b = tree.Share(labels);
  tree.SetString(b, "tier", "front");  // b gets its own children first
  EXPECT_EQ(tree.Find(a, "tier"), kNoNode);
  EXPECT_EQ(tree.Find(labels, "tier"), kNoNode);
  EXPECT_NE(tree.Find(b, "tier"), kNoNode);
  EXPECT_NE(tree.Find(b, "app"), kNoNode);
  tree.Remove(a, "app");
  EXPECT_NE(tree.Find(labels, "app"), kNoNode) << "removing from a share left the original";
}

}  // namespace
}  // namespace whisk::k8s
