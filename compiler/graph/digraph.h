#pragma once
// Pure graph algorithms over dense node indices: no diagnostics, no names.

#include <cstdint>
#include <vector>

namespace whisk::graph {

struct Edge {
  uint32_t from;
  uint32_t to;
};

/// A directed graph with adjacency in compressed rows, built once.
class Digraph {
 public:
  Digraph(uint32_t nodes, std::vector<Edge> edges);

  uint32_t node_count() const { return nodes_; }
  const std::vector<Edge>& edges() const { return edges_; }
  /// Indices into edges() of the edges leaving `node`, in insertion order.
  const uint32_t* out_begin(uint32_t node) const { return out_.data() + offsets_[node]; }
  const uint32_t* out_end(uint32_t node) const { return out_.data() + offsets_[node + 1]; }

 private:
  uint32_t nodes_;
  std::vector<Edge> edges_;
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> out_;
};

/// Cycles found by depth-first search from each node in index order, each
/// as the edge indices that close it, in path order. Each node is reported
/// in at most one cycle, so one knot is reported once.
std::vector<std::vector<uint32_t>> FindCycles(const Digraph& graph);

/// Nodes ordered so that every edge's `to` comes before its `from` (what is
/// needed comes first); ties broken by lowest index, so the order is stable.
/// Nodes on cycles are appended at the end in index order.
std::vector<uint32_t> DependencyOrder(const Digraph& graph);

/// For an acyclic graph and its DependencyOrder: marks each edge u→v that is
/// implied by a longer path u→w→…→v. Edges in `keep` are never marked but
/// still imply others. A `weak` edge u→w promises less than the others (a
/// wait for w to start, not to be ready): it implies what w itself needed,
/// but not w. Uses one reachability bitset per node. Empty `weak`: none.
std::vector<bool> RedundantEdges(const Digraph& graph, const std::vector<uint32_t>& order,
                                 const std::vector<bool>& keep, const std::vector<bool>& weak = {});

}  // namespace whisk::graph
