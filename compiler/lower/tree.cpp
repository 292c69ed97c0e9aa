#include "compiler/lower/tree.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace whisk::k8s {
namespace {

constexpr size_t kBlockSize = 1 << 20;

}  // namespace

Tree::Tree() { nodes_.reserve(1024); }

NodeId Tree::Add(NodeKind kind, std::string_view text) {
  auto id = static_cast<NodeId>(nodes_.size());
  Node& node = nodes_.emplace_back();
  node.kind = kind;
  node.text = text;
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

void Tree::Link(NodeId parent, NodeId child) {
  Node& p = nodes_[parent];
  if (p.last == kNoNode) {
    p.first = child;
  } else {
    nodes_[p.last].next = child;
  }
  p.last = child;
}

NodeId Tree::Set(NodeId map, Key key, NodeId value) {
  nodes_[value].key = key.text();
  Link(map, value);
  return value;
}

NodeId Tree::Append(NodeId list, NodeId value) {
  Link(list, value);
  return value;
}

NodeId Tree::Find(NodeId map, std::string_view key) const {
  for (NodeId child = nodes_[map].first; child != kNoNode; child = nodes_[child].next) {
    if (nodes_[child].key == key) return child;
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
  NodeId previous = kNoNode;
  for (NodeId child = nodes_[map].first; child != kNoNode; child = nodes_[child].next) {
    if (nodes_[child].key != key) {
      previous = child;
      continue;
    }
    NodeId next = nodes_[child].next;
    if (previous == kNoNode) {
      nodes_[map].first = next;
    } else {
      nodes_[previous].next = next;
    }
    if (nodes_[map].last == child) nodes_[map].last = previous;
    return true;
  }
  return false;
}

void Tree::Replace(NodeId map, Key key, NodeId value) {
  nodes_[value].key = key.text();
  NodeId previous = kNoNode;
  for (NodeId child = nodes_[map].first; child != kNoNode; child = nodes_[child].next) {
    if (nodes_[child].key == key.text()) {
      nodes_[value].next = nodes_[child].next;
      if (previous == kNoNode) {
        nodes_[map].first = value;
      } else {
        nodes_[previous].next = value;
      }
      if (nodes_[map].last == child) nodes_[map].last = value;
      return;
    }
    previous = child;
  }
  Link(map, value);
}

}  // namespace whisk::k8s
