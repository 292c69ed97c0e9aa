#include "tests/golden/txtar.h"

#include <utility>

namespace whisk::golden {
namespace {

// `-- NAME --` with a non-blank name; anything else is content.
bool IsHeader(const std::string& line, std::string* name) {
  if (line.size() < 7 || line.compare(0, 3, "-- ") != 0 ||
      line.compare(line.size() - 3, 3, " --") != 0) {
    return false;
  }
  *name = line.substr(3, line.size() - 6);
  return name->find_first_not_of(' ') != std::string::npos;
}

}  // namespace

std::string WithFinalNewline(std::string text) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

const Section* Archive::Find(const std::string& name) const {
  for (const Section& section : sections) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

void Archive::Set(const std::string& name, std::string content) {
  content = WithFinalNewline(std::move(content));
  for (Section& section : sections) {
    if (section.name == name) {
      section.content = std::move(content);
      return;
    }
  }
  sections.push_back({name, std::move(content)});
}

Archive ParseTxtar(const std::string& text) {
  Archive archive;
  std::string* target = &archive.comment;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    std::string line = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? text.size() : end + 1;
    std::string name;
    if (IsHeader(line, &name)) {
      archive.sections.push_back({std::move(name), ""});
      target = &archive.sections.back().content;
      continue;
    }
    *target += line;
    *target += '\n';
  }
  return archive;
}

std::string FormatTxtar(const Archive& archive) {
  std::string out = WithFinalNewline(archive.comment);
  for (const Section& section : archive.sections) {
    out += "-- " + section.name + " --\n";
    out += WithFinalNewline(section.content);
  }
  return out;
}

}  // namespace whisk::golden
