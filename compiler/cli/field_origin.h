#pragma once
// Where in the `.ow` source a field the API server complains about was written: the
// server says `spec.template.spec.containers[0].image`, the user wants the `image` line.

#include <string>
#include <string_view>

#include "compiler/check/program.h"
#include "compiler/lower/manifest.h"
#include "compiler/source/source_map.h"

namespace whisk::cli {

/// The span a field path of `object` came from: a property of the component that made it
/// when the path names one (image, env, ports, command, args, cpu/memory, probes,
/// replicas, name), else the declaration that made the object. Invalid when unknown.
Span FieldOrigin(const sema::Program& program, const k8s::Object& object, std::string_view field);

/// "  --> file:line:col" with the source line and a caret under the span, as diagnostics
/// show it; empty for an invalid span.
std::string ShowSource(const SourceMap& sources, Span span);

}  // namespace whisk::cli
