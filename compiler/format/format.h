#pragma once
// `whiskc fmt`: the one layout of a whisk file. Indentation by two spaces per open block or
// bracket line, one property per line, one space between tokens except where punctuation
// hugs, at most one blank line, `} else {` on one line, comments kept where they were
// (trailing comments of neighbouring lines aligned). Line breaks inside values and lists
// are the author's; everything else is decided here.

#include <optional>
#include <string>
#include <string_view>

#include "compiler/parse/ast.h"

namespace whisk::format {

/// `text` laid out anew; `module` is its syntax tree, parsed without errors. Nullopt when
/// the text holds something the formatter does not know (it then leaves the file alone).
std::optional<std::string> Format(std::string_view text, const ast::Module& module);

}  // namespace whisk::format
