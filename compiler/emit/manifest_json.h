#pragma once
// JSON for Kubernetes objects, written byte by byte from the tree with the
// layout of `kubectl get -o json` (four-space indentation).

#include <string>

#include "compiler/emit/sink.h"
#include "compiler/lower/manifest.h"

namespace whisk::emit {

/// Appends one object as JSON, its first line at `indent` spaces.
void AppendJsonDocument(std::string& out, const k8s::Tree& tree, k8s::NodeId root, int indent = 0);

/// The whole set as a `v1` List; false when the sink failed.
bool WriteManifestJson(const k8s::ManifestSet& set, Sink& sink);
std::string ManifestJson(const k8s::ManifestSet& set);

}  // namespace whisk::emit
