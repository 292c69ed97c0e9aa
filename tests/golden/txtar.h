#pragma once
// The txtar format of golden cases: a comment, then sections, each starting
// with a line `-- NAME --`. Inputs and expected outputs live side by side.

#include <string>
#include <vector>

namespace whisk::golden {

struct Section {
  std::string name;
  std::string content;  // ends with a newline unless empty
};

struct Archive {
  std::string comment;
  std::vector<Section> sections;

  const Section* Find(const std::string& name) const;
  /// Sets a section's content, appending the section when missing.
  void Set(const std::string& name, std::string content);
};

Archive ParseTxtar(const std::string& text);
std::string FormatTxtar(const Archive& archive);

}  // namespace whisk::golden
