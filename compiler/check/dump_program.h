#pragma once

#include <string>

#include "compiler/check/program.h"

namespace whisk::sema {

/// The checked program as indented JSON, for `whiskc dump program` and tests.
std::string DumpProgram(const Program& program);

}  // namespace whisk::sema
