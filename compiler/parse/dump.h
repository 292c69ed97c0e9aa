#pragma once

#include <string>

#include "compiler/parse/ast.h"

namespace whisk::ast {

/// An indented listing of the tree, one node a line, for `whiskc dump ast`
/// and parser tests.
std::string Dump(const Module& module);

}  // namespace whisk::ast
