#include "compiler/emit/dependency_graph.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/unit/front_end_on_text.h"

namespace whisk::emit {
namespace {

using test_support::Checked;
using test_support::CheckText;

// Every kind, every condition, a reduced need, `always`, and placements that
// pick a role by `require`, by the heaviest `prefer`, or none at all.
constexpr const char* kShop = R"(topology shop {
  namespace "shop"
}
role core = node "pool" == "core"
role edge = node "pool" == "edge"
role gpu = node "gpu" exists tainted

stateful zk {
  image "zk:1"
  port client 2181
  ready tcp client
  place prefer edge (20), prefer core (90), require gpu
}
stateful kafka {
  image "kafka:1"
  port broker 9092
  ready tcp broker
  env ZK = "${zk.host}:${zk.port.client}"
  place prefer edge (20), prefer core (90)
}
job migrate {
  image "migrate:1"
  needs kafka
}
service api {
  image "api:1"
  port http 8080
  needs kafka, migrate
  needs zk ready always
  place prefer edge
}
daemon agent {
  image "agent:1"
  needs api started
}
cron report {
  image "report:1"
  schedule "@hourly"
  needs api
}
)";

class DependencyGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    checked_ = CheckText(kShop);
    ASSERT_FALSE(checked_->diags.has_errors());
  }
  sema::Program& program() { return checked_->result.program; }

  std::unique_ptr<Checked> checked_;
};

/// The text between `subgraph "cluster_NAME" {` and its closing brace.
std::string DotCluster(const std::string& dot, const std::string& role) {
  size_t start = dot.find("subgraph \"cluster_" + role + "\" {");
  if (start == std::string::npos) return "";
  return dot.substr(start, dot.find("\n  }\n", start) - start);
}

/// The text between `subgraph rN[...]` and its `end`.
std::string MermaidCluster(const std::string& mermaid, const std::string& id) {
  size_t start = mermaid.find("subgraph " + id + "[");
  if (start == std::string::npos) return "";
  return mermaid.substr(start, mermaid.find("\n  end\n", start) - start);
}

TEST_F(DependencyGraphTest, DotIsNamedAfterTheTopologyAndReadsLeftToRight) {
  std::string dot = DependencyGraphDot(program());
  EXPECT_TRUE(dot.starts_with("digraph \"shop\" {\n")) << dot;
  EXPECT_NE(dot.find("rankdir=LR;"), std::string::npos);
  EXPECT_NE(dot.find("label=\"topology shop\";"), std::string::npos);
  EXPECT_TRUE(dot.ends_with("}\n"));
}

TEST_F(DependencyGraphTest, DotShapesAndLabelsNodesByKind) {
  std::string dot = DependencyGraphDot(program());
  EXPECT_NE(dot.find("\"api\" [label=\"api\\nservice\", shape=box];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"kafka\" [label=\"kafka\\nstateful\", shape=cylinder];"), std::string::npos);
  EXPECT_NE(dot.find("\"agent\" [label=\"agent\\ndaemon\", shape=hexagon];"), std::string::npos);
  EXPECT_NE(dot.find("\"migrate\" [label=\"migrate\\njob\", shape=parallelogram];"),
            std::string::npos);
  EXPECT_NE(dot.find("\"report\" [label=\"report\\ncron\", shape=parallelogram, peripheries=2];"),
            std::string::npos);
}

TEST_F(DependencyGraphTest, DotArrowsRunFromProviderToConsumer) {
  std::string dot = DependencyGraphDot(program());
  // kafka uses zk's address, so it waits for zk: a plain `ready` arrow.
  EXPECT_NE(dot.find("  \"zk\" -> \"kafka\";\n"), std::string::npos) << dot;
  EXPECT_NE(dot.find("  \"kafka\" -> \"migrate\";\n"), std::string::npos);
  EXPECT_NE(dot.find("  \"api\" -> \"agent\" [label=\"started\"];\n"), std::string::npos);
  EXPECT_NE(dot.find("  \"migrate\" -> \"api\" [label=\"completed\"];\n"), std::string::npos);
  EXPECT_NE(dot.find("  \"api\" -> \"report\";\n"), std::string::npos);
  EXPECT_EQ(dot.find("\"api\" -> \"zk\""), std::string::npos);
}

TEST_F(DependencyGraphTest, DotDashesReducedNeedsButNotAlwaysOnes) {
  std::string dot = DependencyGraphDot(program());
  // api → kafka is implied by api → migrate → kafka.
  EXPECT_NE(dot.find("  \"kafka\" -> \"api\" [style=dashed];\n"), std::string::npos) << dot;
  // api needs zk `always`, so that wait stays although kafka implies it.
  EXPECT_NE(dot.find("  \"zk\" -> \"api\" [label=\"always\"];\n"), std::string::npos);
  EXPECT_NE(dot.find("  \"migrate\" -> \"api\" [label=\"completed\"];\n"), std::string::npos);
}

TEST_F(DependencyGraphTest, DotBoxesComponentsInTheRoleTheyRequireOrPreferMost) {
  std::string dot = DependencyGraphDot(program());
  std::string gpu = DotCluster(dot, "gpu");
  std::string core = DotCluster(dot, "core");
  std::string edge = DotCluster(dot, "edge");
  // zk requires gpu, which beats its heavier `prefer core`.
  EXPECT_NE(gpu.find("label=\"role gpu (gpu exists, tainted)\";"), std::string::npos) << dot;
  EXPECT_NE(gpu.find("\"zk\" ["), std::string::npos);
  EXPECT_NE(core.find("label=\"role core (pool=core)\";"), std::string::npos);
  EXPECT_NE(core.find("\"kafka\" ["), std::string::npos);
  EXPECT_EQ(core.find("\"zk\" ["), std::string::npos);
  EXPECT_NE(edge.find("\"api\" ["), std::string::npos);
  EXPECT_EQ(edge.find("\"kafka\" ["), std::string::npos);
  // Components without a role are drawn outside every box.
  for (const std::string& cluster : {gpu, core, edge}) {
    EXPECT_EQ(cluster.find("\"agent\" ["), std::string::npos);
    EXPECT_EQ(cluster.find("\"migrate\" ["), std::string::npos);
  }
  EXPECT_NE(dot.find("\n  \"agent\" [label="), std::string::npos);
  // Boxes follow the roles' declaration.
  EXPECT_LT(dot.find("cluster_core"), dot.find("cluster_edge"));
  EXPECT_LT(dot.find("cluster_edge"), dot.find("cluster_gpu"));
}

TEST_F(DependencyGraphTest, DotLeavesOutRolesThatHoldNoComponent) {
  program().components[1].placement.clear();  // kafka: the only one in core
  std::string dot = DependencyGraphDot(program());
  EXPECT_EQ(dot.find("cluster_core"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\n  \"kafka\" [label="), std::string::npos);
}

TEST_F(DependencyGraphTest, MermaidDrawsTheSamePicture) {
  std::string mermaid = DependencyGraphMermaid(program());
  EXPECT_TRUE(mermaid.starts_with("flowchart LR\n")) << mermaid;
  EXPECT_NE(mermaid.find("%% topology shop\n"), std::string::npos);
  // Ids are generated from the declaration index: zk c0, kafka c1, migrate
  // c2, api c3, agent c4, report c5.
  EXPECT_NE(mermaid.find("c0[(\"zk<br/>stateful\")]"), std::string::npos);
  EXPECT_NE(mermaid.find("c2[/\"migrate<br/>job\"/]"), std::string::npos);
  EXPECT_NE(mermaid.find("c3[\"api<br/>service\"]"), std::string::npos);
  EXPECT_NE(mermaid.find("c4{{\"agent<br/>daemon\"}}"), std::string::npos);
  EXPECT_NE(mermaid.find("c5[/\"report<br/>cron\"\\]"), std::string::npos);
  EXPECT_NE(mermaid.find("  c0 --> c1\n"), std::string::npos);
  EXPECT_NE(mermaid.find("  c1 --> c2\n"), std::string::npos);
  EXPECT_NE(mermaid.find("  c3 -->|\"started\"| c4\n"), std::string::npos);
  EXPECT_NE(mermaid.find("  c1 -.-> c3\n"), std::string::npos);
  EXPECT_NE(mermaid.find("  c0 -->|\"always\"| c3\n"), std::string::npos);
  // Roles are r + their declaration index: core r0, edge r1, gpu r2.
  std::string core = MermaidCluster(mermaid, "r0");
  EXPECT_NE(core.find("[\"role core (pool=core)\"]"), std::string::npos) << mermaid;
  EXPECT_NE(core.find("c1[("), std::string::npos);
  EXPECT_NE(MermaidCluster(mermaid, "r2").find("c0[("), std::string::npos);
  EXPECT_GT(mermaid.find("c4{{"), mermaid.rfind("  end\n"));
}

// Names and selectors reach the picture from the source; the checker rejects
// odd label keys, but the emitter must not rely on that to stay well-formed.
TEST_F(DependencyGraphTest, EscapesQuotesBackslashesAndMarkup) {
  sema::Role& core = program().roles[0];
  core.key = "we\"ird\\key";
  core.values = {"<b>&#x</b>\nnext`"};
  std::string dot = DependencyGraphDot(program());
  EXPECT_NE(dot.find("label=\"role core (we\\\"ird\\\\key=<b>&amp;#x</b>\\nnext`)\";"),
            std::string::npos)
      << dot;
  std::string mermaid = DependencyGraphMermaid(program());
  EXPECT_NE(mermaid.find("subgraph r0[\"role core (we#quot;ird\\key=#lt;b#gt;#amp;#35;x#lt;/"
                         "b#gt;<br/>next#96;)\"]"),
            std::string::npos)
      << mermaid;
}

TEST_F(DependencyGraphTest, OutputIsDeterministic) {
  std::string dot = DependencyGraphDot(program());
  std::string mermaid = DependencyGraphMermaid(program());
  auto again = CheckText(kShop);
  EXPECT_EQ(DependencyGraphDot(again->result.program), dot);
  EXPECT_EQ(DependencyGraphMermaid(again->result.program), mermaid);
  // Outside the boxes, nodes follow the dependency order: migrate, agent, report.
  EXPECT_LT(dot.find("\"migrate\" [label"), dot.find("\"agent\" [label"));
  EXPECT_LT(dot.find("\"agent\" [label"), dot.find("\"report\" [label"));
  EXPECT_LT(mermaid.find("c2[/"), mermaid.find("c4{{"));
}

// An external is outside the cluster: drawn dashed, in a shape no other kind
// has, with its host, and first in start-up order since it needs nothing.
TEST(DependencyGraph, DrawsExternalsDashedWithTheirHost) {
  auto checked = CheckText(R"(topology shop {
  namespace "shop"
}
external couchdb {
  host "couch.example.com"
  port http 5984
  ready http "/_up" on http
}
service api {
  image "api:1"
  needs couchdb
}
)");
  ASSERT_FALSE(checked->diags.has_errors());
  std::string dot = DependencyGraphDot(checked->result.program);
  EXPECT_NE(dot.find("  \"couchdb\" [label=\"couchdb\\nexternal\\ncouch.example.com\", "
                     "shape=ellipse, style=dashed];\n"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("  \"couchdb\" -> \"api\";\n"), std::string::npos) << dot;
  std::string mermaid = DependencyGraphMermaid(checked->result.program);
  EXPECT_NE(mermaid.find("  c0([\"couchdb<br/>external<br/>couch.example.com\"])\n"
                         "  style c0 stroke-dasharray: 5 5\n"),
            std::string::npos)
      << mermaid;
  EXPECT_NE(mermaid.find("  c0 --> c1\n"), std::string::npos) << mermaid;
}

}  // namespace
}  // namespace whisk::emit
