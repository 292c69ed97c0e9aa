// Names, labels and the metadata every generated object carries.
#include <fmt/format.h>

#include "compiler/check/names.h"
#include "compiler/lower/lowerer.h"

namespace whisk::lower {

Lowerer::NewObjectResult Lowerer::NewObject(k8s::Stage stage, uint32_t rank,
                                            std::string_view api_version, std::string_view kind,
                                            std::string_view name, Span span, ComponentId owner) {
  NodeId root = tree_.Map();
  tree_.Set(root, "apiVersion", Stored(api_version));
  tree_.Set(root, "kind", Stored(kind));
  NodeId metadata = tree_.SetMap(root, "metadata");
  NodeId name_node = tree_.SetString(metadata, "name", name);
  tree_.Set(metadata, "namespace", Stored(namespace_));
  Labels(metadata, owner);
  set_.objects.push_back(
      {api_version, kind, tree_[name_node].text, root, stage, rank, span, Span{}});
  return {root, metadata};
}

std::array<std::pair<std::string_view, std::string_view>, 2> Lowerer::SelectorLabels(
    ComponentId id) const {
  return {{{"app.kubernetes.io/instance", instance_},
           {"app.kubernetes.io/component", info_[id.value].label_component}}};
}

NodeId Lowerer::SelectorOf(ComponentId id) {
  ComponentInfo& info = info_[id.value];
  if (info.selector == k8s::kNoNode) {
    info.selector = tree_.Map();
    // The keys are literals, which outlive the tree.
    for (const auto& [key, value] : SelectorLabels(id))
      tree_.Set(info.selector, k8s::Key::Interned(key), Stored(value));
  }
  return tree_.Share(info.selector);
}

NodeId Lowerer::LabelsOf(ComponentId id) {
  if (!id.valid()) {
    if (instance_labels_ == k8s::kNoNode) {
      instance_labels_ = tree_.Map();
      tree_.Set(instance_labels_, "app.kubernetes.io/instance", Stored(instance_));
      tree_.Set(instance_labels_, "app.kubernetes.io/part-of", Stored(part_of_));
      tree_.Set(instance_labels_, "app.kubernetes.io/managed-by", Stored("whiskc"));
    }
    return tree_.Share(instance_labels_);
  }
  ComponentInfo& info = info_[id.value];
  if (info.labels == k8s::kNoNode) {
    info.labels = tree_.Map();
    tree_.Set(info.labels, "app.kubernetes.io/name", Stored(info.label_name));
    tree_.Set(info.labels, "app.kubernetes.io/instance", Stored(instance_));
    tree_.Set(info.labels, "app.kubernetes.io/component", Stored(info.label_component));
    tree_.Set(info.labels, "app.kubernetes.io/part-of", Stored(part_of_));
    tree_.Set(info.labels, "app.kubernetes.io/managed-by", Stored("whiskc"));
  }
  return tree_.Share(info.labels);
}

std::string Lowerer::Address(ComponentId id) const {
  const sema::Component& c = program_[id];
  if (c.kind == sema::Kind::External) return c.host;  // reached where it is, not by a Service
  return std::string(info_[id.value].name);
}

std::string Lowerer::DataName(sema::DataId id) const {
  return ObjectName(program_.data[id.value].name);
}

std::string Lowerer::ObjectName(std::string_view name) const {
  return program_.instance + "-" + sema::KubeName(name);
}

std::string Lowerer::Render(const sema::Interpolated& text) const {
  std::string out;
  for (const sema::StringPart& part : text.parts) {
    switch (part.kind) {
      case sema::StringPart::Kind::Text:
        out += part.text;
        break;
      case sema::StringPart::Kind::Host:
        out += Address(part.component);
        break;
      case sema::StringPart::Kind::Port:
        out += std::to_string(program_[part.component].ports[part.port].number);
        break;
      case sema::StringPart::Kind::Name:
        // A component's Service and workload, else a config's or secret's object.
        out += part.component.valid() ? std::string(info_[part.component.value].name)
                                      : ObjectName(part.text);
        break;
      case sema::StringPart::Kind::Selector: {
        // `kubectl get pods -l` and the API's `labelSelector` read this form.
        std::string_view separator;
        for (const auto& [key, value] : SelectorLabels(part.component)) {
          out += fmt::format("{}{}={}", separator, key, value);
          separator = ",";
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace whisk::lower
