#include "compiler/graph/digraph.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace whisk::graph {

Digraph::Digraph(uint32_t nodes, std::vector<Edge> edges)
    : nodes_(nodes), edges_(std::move(edges)), offsets_(nodes + 1, 0), out_(edges_.size()) {
  for (const Edge& edge : edges_) ++offsets_[edge.from + 1];
  for (uint32_t i = 0; i < nodes_; ++i) offsets_[i + 1] += offsets_[i];
  std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (uint32_t e = 0; e < edges_.size(); ++e) out_[fill[edges_[e].from]++] = e;
}

std::vector<std::vector<uint32_t>> FindCycles(const Digraph& graph) {
  enum : uint8_t { kWhite, kGray, kBlack };
  uint32_t n = graph.node_count();
  std::vector<uint8_t> color(n, kWhite);
  std::vector<bool> reported(n, false);
  std::vector<std::vector<uint32_t>> cycles;
  // Explicit stack of (node, next edge position) and the edge used to enter.
  struct Frame {
    uint32_t node;
    const uint32_t* next;
    uint32_t via;
  };
  std::vector<Frame> stack;
  for (uint32_t root = 0; root < n; ++root) {
    if (color[root] != kWhite) continue;
    stack.push_back({root, graph.out_begin(root), UINT32_MAX});
    color[root] = kGray;
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next == graph.out_end(top.node)) {
        color[top.node] = kBlack;
        stack.pop_back();
        continue;
      }
      uint32_t edge = *top.next++;
      uint32_t to = graph.edges()[edge].to;
      if (color[to] == kWhite) {
        color[to] = kGray;
        stack.push_back({to, graph.out_begin(to), edge});
      } else if (color[to] == kGray && !reported[to]) {
        std::vector<uint32_t> cycle;
        size_t at = stack.size();
        while (stack[at - 1].node != to) --at;
        for (size_t k = at; k < stack.size(); ++k) cycle.push_back(stack[k].via);
        cycle.push_back(edge);
        bool fresh = true;
        for (size_t k = at - 1; k < stack.size(); ++k) fresh = fresh && !reported[stack[k].node];
        if (fresh) {
          for (size_t k = at - 1; k < stack.size(); ++k) reported[stack[k].node] = true;
          cycles.push_back(std::move(cycle));
        }
      }
    }
  }
  return cycles;
}

std::vector<uint32_t> DependencyOrder(const Digraph& graph) {
  uint32_t n = graph.node_count();
  // Reverse edges: a node is ready when everything it needs is placed.
  std::vector<uint32_t> pending(n, 0);
  std::vector<std::vector<uint32_t>> needed_by(n);
  for (const Edge& edge : graph.edges()) {
    ++pending[edge.from];
    needed_by[edge.to].push_back(edge.from);
  }
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> ready;
  for (uint32_t i = 0; i < n; ++i) {
    if (pending[i] == 0) ready.push(i);
  }
  std::vector<uint32_t> order;
  order.reserve(n);
  std::vector<bool> placed(n, false);
  while (!ready.empty()) {
    uint32_t node = ready.top();
    ready.pop();
    order.push_back(node);
    placed[node] = true;
    for (uint32_t consumer : needed_by[node]) {
      if (--pending[consumer] == 0) ready.push(consumer);
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (!placed[i]) order.push_back(i);
  }
  return order;
}

std::vector<bool> RedundantEdges(const Digraph& graph, const std::vector<uint32_t>& order,
                                 const std::vector<bool>& keep, const std::vector<bool>& weak) {
  uint32_t n = graph.node_count();
  size_t words = (n + 63) / 64;
  // reach[u]: nodes a path of one or more edges from u guarantees (a weak
  // edge guarantees what is behind its target, not the target). Nodes
  // without outgoing edges need no row, which keeps sparse graphs small.
  std::vector<uint32_t> row(n, UINT32_MAX);
  uint32_t rows = 0;
  for (uint32_t u = 0; u < n; ++u) {
    if (graph.out_begin(u) != graph.out_end(u)) row[u] = rows++;
  }
  std::vector<uint64_t> reach(static_cast<size_t>(rows) * words, 0);
  std::vector<uint64_t> covered(words);
  std::vector<bool> redundant(graph.edges().size(), false);
  auto bit = [](const uint64_t* bits, uint32_t v) { return (bits[v / 64] >> (v % 64)) & 1U; };
  for (uint32_t u : order) {  // what u needs is processed before u
    if (row[u] == UINT32_MAX) continue;
    std::fill(covered.begin(), covered.end(), 0);
    for (const uint32_t* e = graph.out_begin(u); e != graph.out_end(u); ++e) {
      uint32_t w = graph.edges()[*e].to;
      if (row[w] == UINT32_MAX) continue;
      const uint64_t* from = &reach[static_cast<size_t>(row[w]) * words];
      for (size_t k = 0; k < words; ++k) covered[k] |= from[k];
    }
    uint64_t* mine = &reach[static_cast<size_t>(row[u]) * words];
    for (const uint32_t* e = graph.out_begin(u); e != graph.out_end(u); ++e) {
      uint32_t v = graph.edges()[*e].to;
      if (bit(covered.data(), v) && !keep[*e]) redundant[*e] = true;
      if (weak.empty() || !weak[*e]) mine[v / 64] |= uint64_t{1} << (v % 64);
    }
    for (size_t k = 0; k < words; ++k) mine[k] |= covered[k];
  }
  return redundant;
}

}  // namespace whisk::graph
