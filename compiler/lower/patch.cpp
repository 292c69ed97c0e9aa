// `patch` blocks, merged into the component's workload after everything else
// is generated. Merging follows JSON merge patch (RFC 7386: maps merge, `null`
// removes, everything else replaces), with one addition from kubectl's
// strategic merge: lists whose items all carry a `name` (containers, env,
// ports, volumes) merge item by item, by name.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

using Json = nlohmann::ordered_json;

bool AllNamed(const Json& list) {
  for (const Json& item : list) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string()) return false;
  }
  return true;
}

class Merger {
 public:
  explicit Merger(k8s::Tree& tree) : tree_(tree) {}

  k8s::NodeId FromJson(const Json& value) {
    switch (value.type()) {
      case Json::value_t::object: {
        k8s::NodeId map = tree_.Map();
        for (const auto& [key, item] : value.items()) {
          tree_.Set(map, Key(key), FromJson(item));
        }
        return map;
      }
      case Json::value_t::array: {
        k8s::NodeId list = tree_.List();
        for (const Json& item : value) tree_.Append(list, FromJson(item));
        return list;
      }
      case Json::value_t::string:
        return tree_.String(value.get_ref<const std::string&>());
      case Json::value_t::boolean:
        return tree_.Bool(value.get<bool>());
      case Json::value_t::number_integer:
      case Json::value_t::number_unsigned:
      case Json::value_t::number_float:
        return tree_.Scalar(k8s::NodeKind::Int, tree_.Intern(value.dump()));
      default:
        return tree_.Null();
    }
  }

  void MergeMap(k8s::NodeId map, const Json& patch) {
    for (const auto& [key, value] : patch.items()) {
      k8s::NodeId existing = tree_.Find(map, key);
      if (value.is_null()) {
        tree_.Remove(map, key);
      } else if (value.is_object() && existing != k8s::kNoNode &&
                 tree_[existing].kind == k8s::NodeKind::Map) {
        MergeMap(existing, value);
      } else if (value.is_array() && existing != k8s::kNoNode &&
                 tree_[existing].kind == k8s::NodeKind::List && AllNamed(value) &&
                 AllNamed(existing)) {
        MergeNamed(existing, value);
      } else {
        tree_.Replace(map, Key(key), FromJson(value));
      }
    }
  }

 private:
  k8s::Key Key(const std::string& key) { return k8s::Key::Interned(tree_.Intern(key)); }

  bool AllNamed(k8s::NodeId list) const {
    for (k8s::NodeId item : tree_.children(list)) {
      if (tree_[item].kind != k8s::NodeKind::Map) return false;
      k8s::NodeId name = tree_.Find(item, "name");
      if (name == k8s::kNoNode || tree_[name].kind != k8s::NodeKind::String) return false;
    }
    return true;
  }
  bool AllNamed(const Json& list) const { return lower::AllNamed(list); }

  void MergeNamed(k8s::NodeId list, const Json& patch) {
    for (const Json& item : patch) {
      const std::string& name = item["name"].get_ref<const std::string&>();
      k8s::NodeId match = k8s::kNoNode;
      for (k8s::NodeId existing : tree_.children(list)) {
        if (tree_[tree_.Find(existing, "name")].text == name) match = existing;
      }
      if (match == k8s::kNoNode) {
        tree_.Append(list, FromJson(item));
      } else {
        MergeMap(match, item);
      }
    }
  }

  k8s::Tree& tree_;
};

/// What a patch may not change: the object's identity.
std::optional<std::string> ChangesIdentity(const Json& patch) {
  for (const char* key : {"apiVersion", "kind"}) {
    if (patch.contains(key)) return fmt::format("`{}`", key);
  }
  if (patch.contains("metadata") && patch["metadata"].is_object()) {
    for (const char* key : {"name", "namespace"}) {
      if (patch["metadata"].contains(key)) return fmt::format("`metadata.{}`", key);
    }
  }
  return std::nullopt;
}

}  // namespace

void Lowerer::ApplyPatches(ComponentId id) {
  const sema::Component& c = program_[id];
  Merger merger(tree_);
  for (const sema::Patch& patch : c.patches) {
    Json json = Json::parse(patch.json, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) {
      diags_.Report(DiagCode::InvalidPatch, patch.span, "a patch must be a map of fields");
      continue;
    }
    if (auto field = ChangesIdentity(json)) {
      diags_
          .Report(DiagCode::InvalidPatch, patch.span,
                  fmt::format("a patch cannot change {} of `{}`", *field, info_[id.value].name))
          .Note("the name, namespace and kind of generated objects follow from the topology");
      continue;
    }
    merger.MergeMap(info_[id.value].workload, json);
    set_.objects[info_[id.value].workload_object].patch_span = patch.span;
  }
}

}  // namespace whisk::lower
