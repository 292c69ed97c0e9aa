#pragma once

#include <string_view>

#include "compiler/parse/ast.h"
#include "compiler/source/diagnostic.h"

namespace whisk {

/// Parses one file into its syntax tree. Syntax errors are reported to
/// `diags`; the tree then holds Error nodes where the parser skipped text.
ast::Module Parse(FileId file, std::string_view text, Diagnostics& diags);

}  // namespace whisk
