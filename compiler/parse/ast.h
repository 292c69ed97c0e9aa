#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/source/span.h"

namespace whisk::ast {

enum class NodeKind : uint8_t {
#define WHISK_NODE(kind, rule) kind,
#include "compiler/parse/node_kinds.def"
#undef WHISK_NODE
  Error,  // a stretch the parser skipped after a syntax error
};

std::string_view KindName(NodeKind kind);

/// Typed index of a node in its module's node array.
struct NodeId {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t value = kNone;
  bool valid() const { return value != kNone; }
  friend bool operator==(NodeId, NodeId) = default;
};

/// One syntax node. Nodes live in one flat vector per module; children are
/// linked through indices, so a tree costs no allocation per node.
struct Node {
  NodeKind kind;
  uint32_t begin;  // byte offsets into the module's text
  uint32_t end;
  uint32_t first_child = NodeId::kNone;
  uint32_t next_sibling = NodeId::kNone;
  bool first_child_valid() const { return first_child != NodeId::kNone; }
};

/// The syntax tree of one file.
class Module {
 public:
  FileId file;
  std::string_view text;  // owned by the SourceMap
  std::vector<Node> nodes;
  std::vector<NodeId> roots;  // top-level declarations in source order

  const Node& operator[](NodeId id) const { return nodes[id.value]; }
  NodeKind kind(NodeId id) const { return nodes[id.value].kind; }
  Span span(NodeId id) const { return {file, nodes[id.value].begin, nodes[id.value].end}; }
  std::string_view source(NodeId id) const {
    const Node& n = nodes[id.value];
    return text.substr(n.begin, n.end - n.begin);
  }

  /// Iterates the children of a node in source order.
  class ChildRange {
   public:
    struct Iterator {
      const Module* module;
      uint32_t at;
      NodeId operator*() const { return NodeId{at}; }
      Iterator& operator++() {
        at = module->nodes[at].next_sibling;
        return *this;
      }
      bool operator!=(const Iterator& other) const { return at != other.at; }
    };
    ChildRange(const Module* module, uint32_t first) : module_(module), first_(first) {}
    Iterator begin() const { return {module_, first_}; }
    Iterator end() const { return {module_, NodeId::kNone}; }

   private:
    const Module* module_;
    uint32_t first_;
  };
  ChildRange children(NodeId id) const { return {this, nodes[id.value].first_child}; }

  /// The first child of the given kind, or an invalid id.
  NodeId Child(NodeId id, NodeKind kind) const;
  /// The n-th child (0-based) of the given kind, or an invalid id.
  NodeId Child(NodeId id, NodeKind kind, int n) const;
  /// The n-th child whatever its kind.
  NodeId Nth(NodeId id, int n) const;
};

}  // namespace whisk::ast
