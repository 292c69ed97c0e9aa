#pragma once
// Writing strings as YAML scalars that every reader reads back as the same
// string: YAML 1.1 readers (kubectl, PyYAML) turn plain `yes`, `on`, `0123`,
// `1e3`, `1:30` or `2024-01-01` into booleans, octal and sexagesimal numbers
// and timestamps, so such strings are double-quoted.

#include <string>
#include <string_view>

namespace whisk::emit {

/// Whether `text` can be written as a plain scalar and still read back, by a
/// YAML 1.1 or 1.2 reader, as exactly this string.
bool IsSafePlain(std::string_view text);

/// The length of the UTF-8 sequence at `text[i]` when it is a character YAML
/// readers refuse raw (C1 controls, LS, PS, U+FFFE, U+FFFF, a byte order
/// mark), else 0.
size_t UnprintableAt(std::string_view text, size_t i);

/// Appends `text` as a YAML scalar: plain when safe, else double-quoted.
void AppendYamlString(std::string& out, std::string_view text);

/// Appends `text` double-quoted with escapes that JSON and YAML read alike
/// (`\"`, `\\`, `\n`, `\uXXXX` for control characters and the line breaks
/// YAML alone knows: NEL, LS, PS).
void AppendQuoted(std::string& out, std::string_view text);

}  // namespace whisk::emit
