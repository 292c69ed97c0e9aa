#pragma once
// Objects as YAML for people to compare: keys sorted at every level, so that the same object
// reads the same whatever order the server or the compiler wrote it in, and kubectl's layout
// (list items at their key's indentation) with the compiler's quoting (compiler/emit).

#include <string>

#include "compiler/kube/api.h"

namespace whisk::kube {

/// `value` as a YAML document (no `---`), keys sorted byte by byte, multi-line strings as
/// literal blocks when they read back the same; ends with a newline.
std::string YamlText(const Json& value);

}  // namespace whisk::kube
