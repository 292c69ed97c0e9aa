#include "compiler/lower/tree.h"

#include <sys/mman.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace whisk::k8s {
namespace {

constexpr size_t kBlockSize = 1 << 20;

}  // namespace

Tree::Slots& Tree::Slots::operator=(Slots&& other) noexcept {
  if (this != &other) {
    Release();
    region_ = other.region_;
    size_ = other.size_;
    other.region_ = {};
    other.size_ = 0;
  }
  return *this;
}

void Tree::Slots::Grow(size_t slots) {
  size_t bytes = slots * sizeof(Slot);
  Region region = TakePrefaulted();
  if (region.bytes < bytes) {
    if (region.data != nullptr) ::munmap(region.data, region.bytes);
    region = MapRegion(bytes);
  }
  if (size_ > 0) std::memcpy(region.data, region_.data, size_ * sizeof(Slot));
  Release();
  region_ = region;
}

void Tree::Slots::Release() {
  if (region_.data != nullptr) ::munmap(region_.data, region_.bytes);
  region_ = {};
}

NodeId Tree::Add(NodeKind kind, std::string_view text) {
  auto id = static_cast<NodeId>(nodes_.size());
  Slot& slot = nodes_.emplace_back();
  slot.kind = kind;
  if (kind == NodeKind::Map || kind == NodeKind::List) {
    slot.children = {kNoNode, kNoNode};
  } else {
    slot.text = text.data();
    slot.text_size = static_cast<uint32_t>(text.size());
  }
  return id;
}

NodeId Tree::Int(int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  (void)ec;  // 24 characters hold every int64_t
  return Add(NodeKind::Int, Intern(std::string_view(digits, end - digits)));
}

std::string_view Tree::Intern(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > free_size_) {
    size_t size = std::max(kBlockSize, text.size());
    blocks_.push_back(std::make_unique<char[]>(size));
    free_ = blocks_.back().get();
    free_size_ = size;
  }
  std::memcpy(free_, text.data(), text.size());
  std::string_view stored(free_, text.size());
  free_ += text.size();
  free_size_ -= text.size();
  return stored;
}

NodeId Tree::Share(NodeId container) {
  NodeId copy = Add(nodes_[container].kind, {});
  nodes_[copy].children = nodes_[container].children;
  nodes_[copy].shared = nodes_[container].shared = true;
  return copy;
}

void Tree::Unshare(NodeId container) {
  if (!nodes_[container].shared) return;
  NodeId child = nodes_[container].children.first;
  nodes_[container].children = {kNoNode, kNoNode};
  nodes_[container].shared = false;
  for (; child != kNoNode; child = nodes_[child].next) {
    // A copy of the child's slot; a container child shares its own children.
    NodeId copy = Add(NodeKind::Null, {});
    nodes_[copy] = nodes_[child];
    nodes_[copy].next = kNoNode;
    if (nodes_[child].kind == NodeKind::Map || nodes_[child].kind == NodeKind::List) {
      nodes_[copy].shared = nodes_[child].shared = true;
    }
    Link(container, copy);
  }
}

void Tree::Link(NodeId parent, NodeId child) {
  Unshare(parent);
  Slot& p = nodes_[parent];
  if (p.children.last == kNoNode) {
    p.children.first = child;
  } else {
    nodes_[p.children.last].next = child;
  }
  p.children.last = child;
}

NodeId Tree::Set(NodeId map, Key key, NodeId value) {
  SetKey(value, key.text());
  Link(map, value);
  return value;
}

NodeId Tree::Append(NodeId list, NodeId value) {
  Link(list, value);
  return value;
}

NodeId Tree::Find(NodeId map, std::string_view key) const {
  for (NodeId child = First(map); child != kNoNode; child = nodes_[child].next) {
    const Slot& slot = nodes_[child];
    if (slot.key_size == key.size() && std::memcmp(slot.key, key.data(), key.size()) == 0) {
      return child;
    }
  }
  return kNoNode;
}

NodeId Tree::FindOrAddMap(NodeId map, Key key) {
  NodeId found = Find(map, key.text());
  return found != kNoNode ? found : SetMap(map, key);
}

NodeId Tree::FindOrAddList(NodeId map, Key key) {
  NodeId found = Find(map, key.text());
  return found != kNoNode ? found : SetList(map, key);
}

bool Tree::Remove(NodeId map, std::string_view key) {
  Unshare(map);
  NodeId found = Find(map, key);
  if (found == kNoNode) return false;
  NodeId previous = kNoNode;
  for (NodeId child = nodes_[map].children.first; child != found; child = nodes_[child].next) {
    previous = child;
  }
  NodeId next = nodes_[found].next;
  if (previous == kNoNode) {
    nodes_[map].children.first = next;
  } else {
    nodes_[previous].next = next;
  }
  if (nodes_[map].children.last == found) nodes_[map].children.last = previous;
  nodes_[found].next = kNoNode;
  return true;
}

void Tree::Replace(NodeId map, Key key, NodeId value) {
  Unshare(map);
  SetKey(value, key.text());
  NodeId previous = kNoNode;
  for (NodeId child = nodes_[map].children.first; child != kNoNode; child = nodes_[child].next) {
    if ((*this)[child].key == key.text()) {
      nodes_[value].next = nodes_[child].next;
      nodes_[child].next = kNoNode;
      if (previous == kNoNode) {
        nodes_[map].children.first = value;
      } else {
        nodes_[previous].next = value;
      }
      if (nodes_[map].children.last == child) nodes_[map].children.last = value;
      return;
    }
    previous = child;
  }
  Link(map, value);
}

}  // namespace whisk::k8s
