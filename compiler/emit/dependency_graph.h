#pragma once
// The dependency graph of a checked topology as a picture for people
// (`whiskc graph`): Graphviz DOT or Mermaid text, not something a tool reads
// back. Both formats draw the same picture:
//
// * one node per component, shaped by kind (service box, stateful cylinder,
//   daemon hexagon, job parallelogram, cron double parallelogram in DOT and
//   trapezoid in Mermaid), labelled with its name and kind;
// * one arrow per need, from the provider to the component that waits for it,
//   left to right, so the picture reads in start-up order; an arrow is
//   labelled with its condition when it is not `ready` and with `always`;
//   a reduced need (implied by a longer path, so no wait is generated) is
//   dashed;
// * a box per role around the components whose placement requires it, or
//   else prefers it most strongly.
//
// The text depends only on the program: nodes follow `program.order`, roles
// their declaration, arrows `program.edges`.

#include <string>

#include "compiler/check/program.h"

namespace whisk::emit {

/// The dependency graph as a Graphviz `digraph` named after the topology.
std::string DependencyGraphDot(const sema::Program& program);

/// The dependency graph as a Mermaid `flowchart LR`.
std::string DependencyGraphMermaid(const sema::Program& program);

}  // namespace whisk::emit
