#pragma once
// k8s::Tree: the documents lowering builds, as one arena of nodes (maps, lists
// and scalars) for all objects of a run. Nodes link by index, keys keep their
// insertion order, and strings live in the tree's own storage, so building
// 20 000 objects costs a few vector appends per field and no per-node heap
// allocation; the emitters walk it and write bytes directly.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/lower/prefault.h"

namespace whisk::k8s {

using NodeId = uint32_t;
constexpr NodeId kNoNode = UINT32_MAX;

enum class NodeKind : uint8_t { Null, Bool, Int, String, Map, List };

/// A map key. Literal keys are taken as they are (they outlive the tree);
/// keys made at run time go through `Tree::Intern` first.
class Key {
 public:
  template <size_t N>
  consteval Key(const char (&text)[N]) : text_(text, N - 1) {}  // NOLINT: implicit on purpose
  static Key Interned(std::string_view interned) { return Key(interned, 0); }
  std::string_view text() const { return text_; }

 private:
  Key(std::string_view text, int) : text_(text) {}
  std::string_view text_;
};

/// What `Tree::operator[]` shows of a node (a view, built on demand).
struct Node {
  std::string_view key;   // in a map: this entry's key
  std::string_view text;  // Bool, Int, String: the value as written
  NodeId first = kNoNode, last = kNoNode, next = kNoNode;  // children; next sibling
  NodeKind kind = NodeKind::Null;
};

class Tree {
 public:
  Tree() = default;

  NodeId Map() { return Add(NodeKind::Map, {}); }
  NodeId List() { return Add(NodeKind::List, {}); }
  NodeId String(std::string_view text) { return Add(NodeKind::String, Intern(text)); }
  NodeId Int(int64_t value);
  NodeId Bool(bool value) { return Add(NodeKind::Bool, value ? "true" : "false"); }
  NodeId Null() { return Add(NodeKind::Null, "null"); }
  /// A scalar whose text is already stored in the tree or static.
  NodeId Scalar(NodeKind kind, std::string_view stored) { return Add(kind, stored); }
  /// A new map or list with the same children as `container`, sharing them
  /// rather than copying: the many identical label maps of a component cost
  /// one node each. The first change to either copies the children first.
  NodeId Share(NodeId container);

  /// Adds `key: value` at the end of `map` (no check for an existing key).
  NodeId Set(NodeId map, Key key, NodeId value);
  NodeId SetString(NodeId map, Key key, std::string_view text) {
    return Set(map, key, String(text));
  }
  NodeId SetInt(NodeId map, Key key, int64_t value) { return Set(map, key, Int(value)); }
  NodeId SetBool(NodeId map, Key key, bool value) { return Set(map, key, Bool(value)); }
  NodeId SetMap(NodeId map, Key key) { return Set(map, key, Map()); }
  NodeId SetList(NodeId map, Key key) { return Set(map, key, List()); }
  /// Adds `value` at the end of `list`.
  NodeId Append(NodeId list, NodeId value);
  NodeId AppendMap(NodeId list) { return Append(list, Map()); }
  NodeId AppendString(NodeId list, std::string_view text) { return Append(list, String(text)); }

  /// The value under `key` in `map`, or kNoNode.
  NodeId Find(NodeId map, std::string_view key) const;
  /// The value under `key`, created as an empty map or list when missing.
  NodeId FindOrAddMap(NodeId map, Key key);
  NodeId FindOrAddList(NodeId map, Key key);
  /// Removes the entry `key` from `map`; false when there was none.
  bool Remove(NodeId map, std::string_view key);
  /// Puts `value` in place of the entry `key` (keeping its position), or
  /// adds it at the end.
  void Replace(NodeId map, Key key, NodeId value);

  Node operator[](NodeId id) const {
    const Slot& slot = nodes_[id];
    bool container = slot.kind == NodeKind::Map || slot.kind == NodeKind::List;
    return {{slot.key, slot.key_size},
            container ? std::string_view() : std::string_view(slot.text, slot.text_size),
            container ? slot.children.first : kNoNode,
            container ? slot.children.last : kNoNode,
            slot.next,
            slot.kind};
  }
  size_t size() const { return nodes_.size(); }
  bool empty(NodeId id) const { return First(id) == kNoNode; }
  /// Copies `text` into storage that lives as long as the tree.
  std::string_view Intern(std::string_view text);

  /// Iterates the children of a map or list.
  class Children {
   public:
    struct Iterator {
      const Tree* tree;
      NodeId id;
      NodeId operator*() const { return id; }
      Iterator& operator++() {
        id = tree->nodes_[id].next;
        return *this;
      }
      bool operator!=(const Iterator& other) const { return id != other.id; }
    };
    Children(const Tree* tree, NodeId parent) : tree_(tree), parent_(parent) {}
    Iterator begin() const { return {tree_, tree_->First(parent_)}; }
    Iterator end() const { return {tree_, kNoNode}; }

   private:
    const Tree* tree_;
    NodeId parent_;
  };
  Children children(NodeId id) const { return Children(this, id); }

 private:
  /// A node as stored: 32 bytes. Containers keep their children's ends
  /// where scalars keep their text.
  struct Slot {
    const char* key = nullptr;
    union {
      const char* text;
      struct {
        NodeId first, last;
      } children;
    };
    uint32_t key_size = 0, text_size = 0;
    NodeId next = kNoNode;
    NodeKind kind = NodeKind::Null;
    bool shared = false;  // its children are also another container's
  };
  static_assert(sizeof(Slot) == 32);

  NodeId First(NodeId id) const {
    const Slot& slot = nodes_[id];
    return slot.kind == NodeKind::Map || slot.kind == NodeKind::List ? slot.children.first
                                                                     : kNoNode;
  }
  NodeId Add(NodeKind kind, std::string_view text);
  void Link(NodeId parent, NodeId child);
  void SetKey(NodeId id, std::string_view key) {
    nodes_[id].key = key.data();
    nodes_[id].key_size = static_cast<uint32_t>(key.size());
  }
  /// Gives a shared container its own copy of its children before a change.
  void Unshare(NodeId container);

  /// The slots, in one mapped region: the prefaulted one when it is there
  /// and big enough, else fresh, doubling as needed.
  class Slots {
   public:
    Slots() = default;
    Slots(Slots&& other) noexcept { *this = std::move(other); }
    Slots& operator=(Slots&& other) noexcept;
    Slots(const Slots&) = delete;
    Slots& operator=(const Slots&) = delete;
    ~Slots() { Release(); }

    Slot& operator[](size_t i) { return data()[i]; }
    const Slot& operator[](size_t i) const { return data()[i]; }
    size_t size() const { return size_; }
    Slot& emplace_back() {
      if (size_ == capacity()) Grow(size_ * 2 + 1024);
      return *new (data() + size_++) Slot();
    }

   private:
    Slot* data() const { return static_cast<Slot*>(region_.data); }
    size_t capacity() const { return region_.bytes / sizeof(Slot); }
    void Grow(size_t slots);
    void Release();

    Region region_;
    size_t size_ = 0;
  };

  Slots nodes_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;
  size_t free_size_ = 0;
};

}  // namespace whisk::k8s
