#include <gtest/gtest.h>

#include "compiler/graph/digraph.h"

namespace whisk::graph {
namespace {

TEST(Digraph, FindsNoCycleInADag) {
  Digraph g(3, {{2, 1}, {1, 0}, {2, 0}});
  EXPECT_TRUE(FindCycles(g).empty());
}

TEST(Digraph, FindsTheWholeCycleInPathOrder) {
  // 0 -> 1 -> 2 -> 0, plus a tail 3 -> 0.
  Digraph g(4, {{0, 1}, {1, 2}, {2, 0}, {3, 0}});
  auto cycles = FindCycles(g);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0], (std::vector<uint32_t>{0, 1, 2}));
}

TEST(Digraph, ReportsEachKnotOnce) {
  Digraph g(4, {{0, 1}, {1, 0}, {2, 3}, {3, 2}, {1, 0}});
  EXPECT_EQ(FindCycles(g).size(), 2u);
}

TEST(Digraph, SelfLoopIsACycle) {
  Digraph g(1, {{0, 0}});
  auto cycles = FindCycles(g);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0], (std::vector<uint32_t>{0}));
}

TEST(Digraph, DependencyOrderPutsProvidersFirstAndIsStable) {
  // 0 needs 2, 1 needs 2, 3 needs nothing.
  Digraph g(4, {{0, 2}, {1, 2}});
  EXPECT_EQ(DependencyOrder(g), (std::vector<uint32_t>{2, 0, 1, 3}));
}

TEST(Digraph, DependencyOrderAppendsCycles) {
  Digraph g(3, {{0, 1}, {1, 0}});
  EXPECT_EQ(DependencyOrder(g), (std::vector<uint32_t>{2, 0, 1}));
}

TEST(Digraph, TransitiveReductionDropsImpliedEdges) {
  // controller(0) needs kafka(1) and zookeeper(2); kafka needs zookeeper.
  Digraph g(3, {{0, 1}, {0, 2}, {1, 2}});
  auto order = DependencyOrder(g);
  auto redundant = RedundantEdges(g, order, {false, false, false});
  EXPECT_EQ(redundant, (std::vector<bool>{false, true, false}));
}

TEST(Digraph, TransitiveReductionKeepsAlwaysEdges) {
  Digraph g(3, {{0, 1}, {0, 2}, {1, 2}});
  auto redundant = RedundantEdges(g, DependencyOrder(g), {false, true, false});
  EXPECT_EQ(redundant, (std::vector<bool>{false, false, false}));
}

TEST(Digraph, TransitiveReductionKeepsReadinessThatOnlyAStartedPromises) {
  // api(0) needs kafka(1) ready and migrate(2); migrate needs kafka started
  // (weak) and zookeeper(3) ready; kafka needs zookeeper.
  Digraph g(4, {{0, 1}, {0, 2}, {2, 1}, {2, 3}, {1, 3}});
  auto redundant = RedundantEdges(g, DependencyOrder(g), std::vector<bool>(5, false),
                                  {false, false, true, false, false});
  // api must still wait for kafka itself; migrate's wait for zookeeper is
  // implied through kafka having started.
  EXPECT_EQ(redundant, (std::vector<bool>{false, false, false, true, false}));
}

TEST(Digraph, TransitiveReductionOverLongChains) {
  // A chain 0 <- 1 <- ... <- 199 with every node also needing node 0.
  std::vector<Edge> edges;
  for (uint32_t i = 1; i < 200; ++i) {
    edges.push_back({i, i - 1});
    if (i > 1) edges.push_back({i, 0});
  }
  Digraph g(200, edges);
  auto redundant = RedundantEdges(g, DependencyOrder(g), std::vector<bool>(edges.size(), false));
  size_t kept = 0;
  for (size_t e = 0; e < edges.size(); ++e) kept += redundant[e] ? 0 : 1;
  EXPECT_EQ(kept, 199u);  // only the chain survives
}

}  // namespace
}  // namespace whisk::graph
