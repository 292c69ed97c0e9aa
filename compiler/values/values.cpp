#include "compiler/values/values.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "compiler/source/file_io.h"

namespace whisk::values {
namespace {

// yaml-cpp recurses on nested collections; deeper input is refused before it
// gets there so that no input can exhaust the stack.
constexpr int kMaxDepth = 64;

bool TooDeep(std::string_view text) {
  int depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  // Block nesting: indentation deeper than the limit.
  size_t indent = 0;
  bool at_start = true;
  for (char c : text) {
    if (c == '\n') {
      indent = 0;
      at_start = true;
    } else if (at_start && c == ' ') {
      if (++indent > 4 * kMaxDepth) return true;
    } else {
      at_start = false;
    }
  }
  return false;
}

uint32_t OffsetOf(const YAML::Mark& mark, std::string_view text) {
  if (mark.pos >= 0) return static_cast<uint32_t>(std::min<size_t>(mark.pos, text.size()));
  return 0;
}

/// The extent of a scalar as written: plain ones up to the end of their text
/// on the line, quoted ones including their quotes.
Span ScalarSpan(FileId file, std::string_view text, uint32_t begin, const std::string& value) {
  uint32_t end = begin;
  if (begin < text.size() && (text[begin] == '"' || text[begin] == '\'')) {
    char quote = text[begin];
    end = begin + 1;
    while (end < text.size() && text[end] != quote && text[end] != '\n') end += text[end] == '\\' ? 2 : 1;
    end = std::min<uint32_t>(end + 1, static_cast<uint32_t>(text.size()));
  } else {
    end = std::min<uint32_t>(begin + static_cast<uint32_t>(value.size()), static_cast<uint32_t>(text.size()));
    size_t newline = text.find('\n', begin);
    if (newline != std::string_view::npos && newline < end) end = static_cast<uint32_t>(newline);
  }
  if (end <= begin) end = std::min<uint32_t>(begin + 1, static_cast<uint32_t>(text.size()));
  return Span{file, begin, end};
}

Node Convert(const YAML::Node& yaml, FileId file, std::string_view text) {
  Node node;
  uint32_t begin = OffsetOf(yaml.Mark(), text);
  node.span = Span{file, begin, std::min<uint32_t>(begin + 1, static_cast<uint32_t>(text.size()))};
  switch (yaml.Type()) {
    case YAML::NodeType::Scalar:
      node.kind = Node::Kind::Scalar;
      node.scalar = yaml.Scalar();
      node.quoted = yaml.Tag() == "!";
      node.span = ScalarSpan(file, text, begin, node.scalar);
      break;
    case YAML::NodeType::Sequence:
      node.kind = Node::Kind::Sequence;
      for (const YAML::Node& item : yaml) node.items.push_back(Convert(item, file, text));
      break;
    case YAML::NodeType::Map:
      node.kind = Node::Kind::Map;
      for (const auto& member : yaml) {
        std::string key = member.first.IsScalar() ? member.first.Scalar() : std::string();
        node.key_spans.push_back(ScalarSpan(file, text, OffsetOf(member.first.Mark(), text), key));
        node.members.emplace_back(std::move(key), Convert(member.second, file, text));
      }
      break;
    default:
      node.kind = Node::Kind::Null;
      break;
  }
  return node;
}

std::string_view Describe(const YAML::Node& yaml) {
  return yaml.IsSequence() ? "a list" : yaml.IsScalar() ? "a scalar" : "something else";
}

void LoadFile(const std::string& path, SourceMap& sources, Diagnostics& diags,
              std::vector<Assignment>& out) {
  std::string error;
  std::optional<std::string> contents = ReadFile(path, &error);
  if (!contents) {
    diags.Report(DiagCode::FileUnreadable, Span{}, fmt::format("cannot read values file `{}`: {}", path, error));
    return;
  }
  FileId file = sources.Add(path, std::move(*contents));
  std::string_view text = sources.text(file);
  if (TooDeep(text)) {
    diags.Report(DiagCode::ValuesSyntax, Span{file, 0, 0},
                 fmt::format("values file nests deeper than {} levels", kMaxDepth));
    return;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    std::string message = e.msg;
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    uint32_t at = OffsetOf(e.mark, text);
    if (e.mark.pos < 0 && e.mark.line >= 0) {
      // Only a line and column: find the offset from them.
      size_t line_start = 0;
      for (int line = 0; line < e.mark.line && line_start != std::string_view::npos; ++line) {
        line_start = text.find('\n', line_start);
        if (line_start != std::string_view::npos) ++line_start;
      }
      if (line_start != std::string_view::npos) at = static_cast<uint32_t>(line_start + std::max(0, e.mark.column));
    }
    at = std::min<uint32_t>(at, static_cast<uint32_t>(text.size()));
    diags.Report(DiagCode::ValuesSyntax, Span{file, at, at}, fmt::format("invalid YAML: {}", message));
    return;
  } catch (const YAML::Exception& e) {
    diags.Report(DiagCode::ValuesSyntax, Span{file, 0, 0}, fmt::format("invalid YAML: {}", e.what()));
    return;
  }
  if (!root.IsDefined() || root.IsNull()) return;
  if (!root.IsMap()) {
    uint32_t at = OffsetOf(root.Mark(), text);
    diags.Report(DiagCode::ValuesSyntax, Span{file, at, std::min<uint32_t>(at + 1, static_cast<uint32_t>(text.size()))},
                 fmt::format("a values file maps parameter names to values, found {}", Describe(root)));
    return;
  }
  Node map = Convert(root, file, text);
  for (size_t i = 0; i < map.members.size(); ++i) {
    out.push_back({map.members[i].first, map.key_spans[i], std::move(map.members[i].second)});
  }
}

bool IsName(std::string_view name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

Node SetScalar(std::string_view text, FileId file, uint32_t begin) {
  Node node;
  node.kind = Node::Kind::Scalar;
  auto end = static_cast<uint32_t>(begin + text.size());
  node.span = Span{file, begin, std::max(end, begin + (text.empty() ? 0U : 1U))};
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front()) {
    node.quoted = true;
    text = text.substr(1, text.size() - 2);
  }
  node.scalar = std::string(text);
  return node;
}

void LoadSet(const std::string& argument, SourceMap& sources, Diagnostics& diags,
             std::vector<Assignment>& out) {
  FileId file = sources.Add("--set", argument);
  std::string_view text = sources.text(file);
  size_t equals = text.find('=');
  std::string_view name = text.substr(0, equals);
  if (equals == std::string_view::npos || !IsName(name)) {
    diags.Report(DiagCode::InvalidSetArgument, Span{file, 0, static_cast<uint32_t>(text.size())},
                 fmt::format("`--set` expects `name=value`, found `{}`", argument));
    return;
  }
  std::string_view value = text.substr(equals + 1);
  auto value_begin = static_cast<uint32_t>(equals + 1);
  Assignment assignment{std::string(name), Span{file, 0, static_cast<uint32_t>(equals)}, {}};
  if (value.size() >= 2 && value.front() == '{' && value.back() == '}') {
    // Helm's list syntax: {a,b,c}.
    Node list;
    list.kind = Node::Kind::Sequence;
    list.span = Span{file, value_begin, static_cast<uint32_t>(text.size())};
    std::string_view items = value.substr(1, value.size() - 2);
    uint32_t at = value_begin + 1;
    while (!items.empty()) {
      size_t comma = items.find(',');
      std::string_view item = items.substr(0, comma);
      list.items.push_back(SetScalar(item, file, at));
      if (comma == std::string_view::npos) break;
      items.remove_prefix(comma + 1);
      at += static_cast<uint32_t>(comma + 1);
    }
    assignment.value = std::move(list);
  } else {
    assignment.value = SetScalar(value, file, value_begin);
  }
  out.push_back(std::move(assignment));
}

}  // namespace

std::vector<Assignment> Load(const std::vector<std::string>& files,
                             const std::vector<std::string>& sets, SourceMap& sources,
                             Diagnostics& diags) {
  std::vector<Assignment> out;
  for (const std::string& path : files) LoadFile(path, sources, diags, out);
  for (const std::string& argument : sets) LoadSet(argument, sources, diags, out);
  return out;
}

}  // namespace whisk::values
