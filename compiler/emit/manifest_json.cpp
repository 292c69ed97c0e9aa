#include "compiler/emit/manifest_json.h"

#include "compiler/emit/yaml_scalar.h"

namespace whisk::emit {
namespace {

using k8s::NodeId;
using k8s::NodeKind;

void Indent(std::string& out, int indent) { out.append(static_cast<size_t>(indent), ' '); }

void AppendValue(std::string& out, const k8s::Tree& tree, NodeId id, int indent) {
  const k8s::Node& node = tree[id];
  bool map = node.kind == NodeKind::Map;
  switch (node.kind) {
    case NodeKind::Map:
    case NodeKind::List: {
      if (tree.empty(id)) {
        out.append(map ? "{}" : "[]");
        return;
      }
      out.append(map ? "{\n" : "[\n");
      bool first = true;
      for (NodeId child : tree.children(id)) {
        if (!first) out.append(",\n");
        first = false;
        Indent(out, indent + 4);
        if (map) {
          AppendQuoted(out, tree[child].key);
          out.append(": ");
        }
        AppendValue(out, tree, child, indent + 4);
      }
      out.push_back('\n');
      Indent(out, indent);
      out.push_back(map ? '}' : ']');
      return;
    }
    case NodeKind::String:
      AppendQuoted(out, node.text);
      return;
    case NodeKind::Null:
    case NodeKind::Bool:
    case NodeKind::Int:
      out.append(node.text);
      return;
  }
}

}  // namespace

void AppendJsonDocument(std::string& out, const k8s::Tree& tree, k8s::NodeId root, int indent) {
  AppendValue(out, tree, root, indent);
}

bool WriteManifestJson(const k8s::ManifestSet& set, Sink& sink) {
  std::string out = "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"List\",\n    \"items\": [";
  bool first = true;
  for (const k8s::Object& object : set.objects) {
    out.append(first ? "\n" : ",\n");
    first = false;
    Indent(out, 8);
    AppendJsonDocument(out, set.tree, object.root, 8);
    if (out.size() >= Sink::kChunk && !sink.Flush(out)) return false;
  }
  out.append(first ? "]\n}\n" : "\n    ]\n}\n");
  return sink.Flush(out);
}

std::string ManifestJson(const k8s::ManifestSet& set) {
  StringSink sink;
  WriteManifestJson(set, sink);
  return std::move(sink.text);
}

}  // namespace whisk::emit
