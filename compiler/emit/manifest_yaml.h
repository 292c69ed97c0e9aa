#pragma once
// YAML for Kubernetes objects, written byte by byte from the tree: block
// style with kubectl's layout (list items at their key's indentation),
// strings quoted when a YAML 1.1 reader would misread them (yaml_scalar.h),
// multi-line strings as literal blocks.

#include <string>

#include "compiler/emit/sink.h"
#include "compiler/lower/manifest.h"

namespace whisk::emit {

/// Appends one object as a YAML document body (no `---`).
void AppendYamlDocument(std::string& out, const k8s::Tree& tree, k8s::NodeId root);

/// Every object of the set, each document starting with `---`; false when
/// the sink failed.
bool WriteManifestYaml(const k8s::ManifestSet& set, Sink& sink);
std::string ManifestYaml(const k8s::ManifestSet& set);

/// Whether `text` can be written as a literal block (`|`) and read back as
/// exactly `text`.
bool IsLiteralBlockSafe(std::string_view text);

}  // namespace whisk::emit
