#pragma once
// The txtar format of golden cases (as in Go's golang.org/x/tools/txtar): an
// optional comment, then sections, each starting with a line `-- NAME --`.
// A section's content is the lines between its header and the next header.
//
// Every non-empty section (and the comment) is treated as ending with a
// newline: the parser yields that, and the formatter adds a missing one, so
// FormatTxtar(ParseTxtar(FormatTxtar(a))) == FormatTxtar(a) for any archive
// whose contents contain no header lines.

#include <string>
#include <vector>

namespace whisk::golden {

struct Section {
  std::string name;     // "main.ow", "lib/kafka.ow", "stderr", ...
  std::string content;  // ends with a newline unless empty
};

struct Archive {
  std::string comment;
  std::vector<Section> sections;

  /// The first section called `name`, or null.
  const Section* Find(const std::string& name) const;
  /// Sets a section's content (normalized to end with a newline), appending
  /// the section at the end when it is missing. Other sections keep their order.
  void Set(const std::string& name, std::string content);
};

/// "" stays ""; anything else gets a final '\n' when it has none. This is how
/// program output is compared with a section.
std::string WithFinalNewline(std::string text);

Archive ParseTxtar(const std::string& text);
std::string FormatTxtar(const Archive& archive);

}  // namespace whisk::golden
