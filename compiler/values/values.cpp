#include "compiler/values/values.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/source/file_io.h"

namespace whisk::values {
namespace {

/// Collections nested deeper than this are refused. yaml-cpp's parser recurses once per level
/// (and so do Node's copy and destructor), so the limit is what keeps any input from exhausting
/// the stack; real values files nest a handful of levels.
constexpr size_t kMaxDepth = 64;

/// Values that anchors and aliases may copy in one file, so that a few lines of nested aliases
/// ("billion laughs") cannot expand into gigabytes.
constexpr size_t kMaxCopiedValues = 100000;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// An error found while building the tree; it ends the file.
struct LoadError {
  Span span;
  std::string message;
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// Characters that end a plain scalar or an anchor name in flow context.
bool IsFlowIndicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

std::string_view DescribeKind(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::Null:
      return "nothing";
    case Node::Kind::Scalar:
      return "a scalar";
    case Node::Kind::Sequence:
      return "a list";
    case Node::Kind::Map:
      return "a mapping";
  }
  return "a value";
}

/// Turns yaml-cpp's marks into spans of one file's text.
class Locator {
 public:
  Locator(FileId file, std::string_view text)
      : file_(file),
        text_(text),
        // yaml-cpp skips a byte-order mark without counting it in its positions.
        bom_(text.starts_with(kUtf8Bom) ? static_cast<uint32_t>(kUtf8Bom.size()) : 0) {}

  FileId file() const { return file_; }
  std::string_view text() const { return text_; }
  uint32_t size() const { return static_cast<uint32_t>(text_.size()); }

  Span At(uint32_t begin, uint32_t end) const {
    begin = std::min(begin, size());
    return Span{file_, begin, std::clamp(end, begin, size())};
  }

  /// The byte offset of a mark: its `pos` when known, else its line and column.
  uint32_t Offset(const YAML::Mark& mark) const {
    if (mark.pos >= 0) return Clamp(static_cast<size_t>(mark.pos) + bom_);
    if (mark.line < 0) return 0;
    size_t at = 0;
    for (int line = 0; line < mark.line; ++line) {
      at = text_.find('\n', at);
      if (at == std::string_view::npos) return size();
      ++at;
    }
    return Clamp(at + static_cast<size_t>(std::max(mark.column, 0)) + (mark.line == 0 ? bom_ : 0));
  }

  /// Steps over a node's anchor (`&name`) and tag (`!!str`), which yaml-cpp's mark includes.
  uint32_t SkipProperties(uint32_t at) const {
    while (at < size() && (text_[at] == '&' || text_[at] == '!')) {
      while (at < size() && !IsBlank(text_[at])) ++at;
      while (at < size() && IsBlank(text_[at])) ++at;
    }
    return at;
  }

  /// The extent of a scalar as written, from its first character. Throws LoadError for a quoted
  /// scalar that is never closed, which yaml-cpp accepts when the file ends in a line break.
  Span Scalar(uint32_t begin, std::string_view value) const {
    if (begin >= size()) return At(begin, begin);
    char first = text_[begin];
    if (first == '"' || first == '\'') {
      uint32_t end = ClosingQuote(begin);
      if (end == 0) {
        throw LoadError{At(begin, begin + 1), "invalid YAML: end of quoted scalar not found"};
      }
      return At(begin, end);
    }
    if (first == '|' || first == '>') {
      // A block scalar: its header; where its text ends depends on indentation rules that only
      // the parser knows.
      uint32_t end = begin;
      while (end < size() && !IsBlank(text_[end]) && text_[end] != '#') ++end;
      return At(begin, end);
    }
    // A plain scalar: the part of its value written as-is from here, which is all of it unless
    // it was folded over several lines.
    std::string_view written = text_.substr(begin, value.size());
    auto mismatch = std::mismatch(written.begin(), written.end(), value.begin());
    auto length = static_cast<uint32_t>(mismatch.first - written.begin());
    return At(begin, begin + std::max<uint32_t>(length, 1));
  }

  /// `*name` at `begin`.
  Span Alias(uint32_t begin) const {
    uint32_t end = begin + 1;
    while (end < size() && !IsBlank(text_[end]) && !IsFlowIndicator(text_[end])) ++end;
    return At(begin, end);
  }

  /// The null literal (`~`, `null`, `Null`, `NULL`) at `at`, if one is written there. With
  /// `value_position`, one followed by `:` is the next key, not this value.
  std::optional<Span> NullLiteral(uint32_t at, bool value_position) const {
    for (std::string_view literal : {"~", "null", "Null", "NULL"}) {
      if (text_.substr(at, literal.size()) != literal) continue;
      auto end = static_cast<uint32_t>(at + literal.size());
      if (end < size() && !IsBlank(text_[end]) && !IsFlowIndicator(text_[end]) &&
          text_[end] != '#' && text_[end] != ':') {
        return std::nullopt;
      }
      uint32_t next = end;
      while (next < size() && (text_[next] == ' ' || text_[next] == '\t')) ++next;
      if (value_position && next < size() && text_[next] == ':') return std::nullopt;
      return At(at, end);
    }
    return std::nullopt;
  }

  /// Where a value written as nothing would have been: after the `:` that follows its key.
  Span AfterColon(uint32_t key_end) const {
    uint32_t at = key_end;
    while (at < size() && (text_[at] == ' ' || text_[at] == '\t')) ++at;
    if (at < size() && text_[at] == ':') return At(at + 1, at + 1);
    return At(key_end, key_end);
  }

  /// Where a value written as nothing would have been, given the mark yaml-cpp puts on the token
  /// after it: just after the last thing written before that token (a `-`, `,` or `?`).
  Span BeforeMark(uint32_t mark) const {
    uint32_t at = std::min(mark, size());
    while (at > 0 && IsBlank(text_[at - 1])) --at;
    return At(at, at);
  }

  /// The end of a flow collection whose content ends at `from`: just past its closing bracket.
  uint32_t FlowEnd(uint32_t from, char close) const {
    uint32_t at = from;
    while (at < size()) {
      char c = text_[at];
      if (IsBlank(c) || c == ',') {
        ++at;
      } else if (c == '#') {
        while (at < size() && text_[at] != '\n') ++at;
      } else {
        break;
      }
    }
    return at < size() && text_[at] == close ? at + 1 : from;
  }

 private:
  uint32_t Clamp(size_t offset) const {
    return static_cast<uint32_t>(std::min<size_t>(offset, text_.size()));
  }

  /// Just past the quote that closes the scalar opened at `begin`, or 0 when there is none.
  uint32_t ClosingQuote(uint32_t begin) const {
    char quote = text_[begin];
    for (uint32_t at = begin + 1; at < size(); ++at) {
      if (quote == '"' && text_[at] == '\\') {
        ++at;
      } else if (text_[at] == quote) {
        // In single quotes, '' is an escaped quote.
        if (quote == '\'' && at + 1 < size() && text_[at + 1] == '\'') {
          ++at;
        } else {
          return at + 1;
        }
      }
    }
    return 0;
  }

  FileId file_;
  std::string_view text_;
  uint32_t bom_;
};

/// A value with what it takes to copy it safely.
struct Built {
  Node node;
  size_t height = 0;  // collections nested in it, itself included
  size_t count = 1;   // values in it, itself included
};

/// Builds a document's Node tree from yaml-cpp's parse events. Working from events rather than
/// YAML::Node gives the limits below a say before any recursion happens.
class Builder : public YAML::EventHandler {
 public:
  explicit Builder(const Locator& locator) : at_(locator) {}

  /// The document's value, once HandleNextDocument has returned.
  std::optional<Node>& root() { return root_; }

  /// The opening bracket of the innermost flow collection of `kind` still open where reading
  /// stopped.
  std::optional<Span> OpenFlow(Node::Kind kind) const {
    for (auto frame = stack_.rbegin(); frame != stack_.rend(); ++frame) {
      if (frame->flow && frame->value.node.kind == kind) return frame->value.node.span;
    }
    return std::nullopt;
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Built value;
    value.node.span = NullSpan(at_.Offset(mark));
    Finish(std::move(value), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Span span = at_.Alias(at_.Offset(mark));
    if (anchor >= anchored_.size() || !anchored_[anchor]) {
      throw LoadError{span, "invalid YAML: an alias cannot refer to the value that contains it"};
    }
    const Built& original = *anchored_[anchor];
    CheckDepth(stack_.size() + original.height, span);
    Copying(original.count, span);
    Built copy = original;
    copy.node.span = span;
    Finish(std::move(copy), 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Built built;
    uint32_t begin = at_.SkipProperties(at_.Offset(mark));
    built.node.span = at_.Scalar(begin, value);
    if (tag == "tag:yaml.org,2002:null") {
      built.node.kind = Node::Kind::Null;
    } else {
      built.node.kind = Node::Kind::Scalar;
      built.node.scalar = value;
      // yaml-cpp tags every scalar that is not plain (quoted or block) "!", and plain ones "?".
      built.node.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    }
    Finish(std::move(built), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    Open(mark, anchor, style, Node::Kind::Sequence);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    Open(mark, anchor, style, Node::Kind::Map);
  }
  void OnMapEnd() override { Close(); }

 private:
  /// A collection being read.
  struct Frame {
    Built value;
    YAML::anchor_t anchor = 0;
    bool flow = false;
    // Map: the key read whose value comes next.
    std::optional<std::pair<std::string, Span>> key;
  };

  void CheckDepth(size_t depth, Span span) const {
    if (depth > kMaxDepth) {
      throw LoadError{span, fmt::format("values nest deeper than {} levels", kMaxDepth)};
    }
  }

  void Copying(size_t count, Span span) {
    copied_ += count;
    if (copied_ > kMaxCopiedValues) {
      throw LoadError{
          span, fmt::format("anchors and aliases copy more than {} values", kMaxCopiedValues)};
    }
  }

  Span NullSpan(uint32_t mark) const {
    uint32_t begin = at_.SkipProperties(mark);
    bool map_key =
        !stack_.empty() && stack_.back().value.node.kind == Node::Kind::Map && !stack_.back().key;
    if (std::optional<Span> literal = at_.NullLiteral(begin, !map_key)) return *literal;
    // Written as nothing: yaml-cpp's mark is on whatever token comes next.
    if (!stack_.empty() && stack_.back().key) return at_.AfterColon(stack_.back().key->second.end);
    return at_.BeforeMark(mark);
  }

  void Open(const YAML::Mark& mark, YAML::anchor_t anchor, YAML::EmitterStyle::value style,
            Node::Kind kind) {
    uint32_t begin = at_.SkipProperties(at_.Offset(mark));
    Frame frame;
    frame.value.node.kind = kind;
    frame.value.node.span = at_.At(begin, begin + 1);
    frame.value.height = 1;
    frame.anchor = anchor;
    frame.flow = style == YAML::EmitterStyle::Flow;
    CheckDepth(stack_.size() + 1, frame.value.node.span);
    stack_.push_back(std::move(frame));
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Node& node = frame.value.node;
    uint32_t end = node.span.end;
    for (const Node& item : node.items) end = std::max(end, item.span.end);
    for (const auto& [key, value] : node.members) end = std::max(end, value.span.end);
    for (const Span& key_span : node.key_spans) end = std::max(end, key_span.end);
    if (frame.key) end = std::max(end, frame.key->second.end);
    if (frame.flow) end = at_.FlowEnd(end, node.kind == Node::Kind::Map ? '}' : ']');
    node.span = at_.At(node.span.begin, end);
    Finish(std::move(frame.value), frame.anchor);
  }

  /// Records a complete value under its anchor and hands it to its parent.
  void Finish(Built value, YAML::anchor_t anchor) {
    if (anchor != 0) {
      Copying(value.count, value.node.span);
      if (anchored_.size() <= anchor) anchored_.resize(anchor + 1);
      anchored_[anchor] = value;
    }
    if (stack_.empty()) {
      root_ = std::move(value.node);
      return;
    }
    Frame& parent = stack_.back();
    parent.value.height = std::max(parent.value.height, value.height + 1);
    parent.value.count += value.count;
    Node& node = parent.value.node;
    if (node.kind == Node::Kind::Sequence) {
      node.items.push_back(std::move(value.node));
    } else if (!parent.key) {
      Node& key = value.node;
      if (key.kind == Node::Kind::Sequence || key.kind == Node::Kind::Map) {
        throw LoadError{key.span, fmt::format("a mapping key in a values file must be a name, "
                                              "found {}",
                                              DescribeKind(key.kind))};
      }
      // A null key keeps its text ("null", "~"), so that an error can name it as written.
      std::string text =
          key.kind == Node::Kind::Scalar
              ? std::move(key.scalar)
              : std::string(at_.text().substr(key.span.begin, key.span.end - key.span.begin));
      parent.key.emplace(std::move(text), key.span);
    } else {
      node.members.emplace_back(std::move(parent.key->first), std::move(value.node));
      node.key_spans.push_back(parent.key->second);
      parent.key.reset();
    }
  }

  const Locator& at_;
  std::vector<Frame> stack_;
  std::vector<std::optional<Built>> anchored_;  // by yaml-cpp's anchor id
  size_t copied_ = 0;
  std::optional<Node> root_;
};

/// yaml-cpp's message as the rest of a sentence: "Illegal tab" becomes "illegal tab", but "YAML
/// major version too large" keeps its acronym.
std::string AsClause(std::string text) {
  if (text.size() >= 2 && !std::isupper(static_cast<unsigned char>(text[1]))) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  while (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

/// Parses one file's text; returns its assignments, or nothing after reporting an error.
std::vector<Assignment> ParseFile(const Locator& at, Diagnostics& diags) {
  std::string_view text = at.text();
  // YAML allows no NUL, and yaml-cpp takes NULs near the start for UTF-16 or UTF-32 and would
  // then count its positions in other units than bytes.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    auto offset = static_cast<uint32_t>(nul);
    diags.Report(DiagCode::ValuesSyntax, at.At(offset, offset + 1),
                 "invalid YAML: a NUL byte is not allowed");
    return {};
  }
  std::istringstream in{std::string(text)};
  Builder first(at);
  Builder second(at);
  Builder* reading = &first;
  Node root;
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(first) || !first.root()) return {};
    root = std::move(*first.root());
    // yaml-cpp would read only the first document and ignore the rest without a word.
    reading = &second;
    if (parser.HandleNextDocument(second) && second.root() &&
        second.root()->kind != Node::Kind::Null) {
      diags.Report(DiagCode::ValuesSyntax, second.root()->span,
                   "a values file holds one YAML document, but a second one starts here");
      return {};
    }
  } catch (const YAML::ParserException& e) {
    uint32_t offset = at.Offset(e.mark);
    Diagnostic& d = diags.Report(DiagCode::ValuesSyntax, at.At(offset, offset + 1),
                                 "invalid YAML: " + AsClause(e.msg));
    // yaml-cpp points at where it gave up looking, often the end of the file; the bracket left
    // open is what the reader needs to see.
    std::optional<Span> open;
    if (e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW) open = reading->OpenFlow(Node::Kind::Sequence);
    if (e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW) open = reading->OpenFlow(Node::Kind::Map);
    if (open) d.With(*open, "this bracket is never closed");
    return {};
  } catch (const LoadError& e) {
    diags.Report(DiagCode::ValuesSyntax, e.span, e.message);
    return {};
  } catch (const std::exception& e) {
    // yaml-cpp documents only ParserException; anything else (say, bad_alloc) still must not
    // escape from Load.
    diags.Report(DiagCode::ValuesSyntax, at.At(0, 0), "invalid YAML: " + AsClause(e.what()));
    return {};
  }
  if (root.kind == Node::Kind::Null) return {};
  if (root.kind != Node::Kind::Map) {
    diags.Report(DiagCode::ValuesSyntax, root.span,
                 fmt::format("a values file maps parameter names to values, found {}",
                             DescribeKind(root.kind)));
    return {};
  }
  std::vector<Assignment> out;
  out.reserve(root.members.size());
  for (size_t i = 0; i < root.members.size(); ++i) {
    out.push_back(
        {std::move(root.members[i].first), root.key_spans[i], std::move(root.members[i].second)});
  }
  return out;
}

void LoadFile(const std::string& path, SourceMap& sources, Diagnostics& diags,
              std::vector<Assignment>& out) {
  std::string error;
  std::optional<std::string> contents = ReadFile(path, &error);
  if (!contents) {
    diags.Report(DiagCode::FileUnreadable, Span{},
                 fmt::format("cannot read values file `{}`: {}", path, error));
    return;
  }
  size_t valid = ValidUtf8Prefix(*contents);
  bool utf8 = valid == contents->size();
  FileId file = sources.Add(path, std::move(*contents));
  Locator at(file, sources.text(file));
  if (!utf8) {
    // yaml-cpp would replace the bad bytes and count positions in the replacements.
    auto offset = static_cast<uint32_t>(valid);
    diags.Report(DiagCode::InvalidUtf8, at.At(offset, offset + 1),
                 "values file is not valid UTF-8 here");
    return;
  }
  std::vector<Assignment> assignments = ParseFile(at, diags);
  std::move(assignments.begin(), assignments.end(), std::back_inserter(out));
}

bool IsName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

/// A `--set` scalar written at `begin`: plain, or quoted when wrapped in matching quotes.
Node SetScalar(std::string_view text, FileId file, uint32_t begin) {
  Node node;
  node.kind = Node::Kind::Scalar;
  node.span = Span{file, begin, static_cast<uint32_t>(begin + text.size())};
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    node.quoted = true;
    text = text.substr(1, text.size() - 2);
  }
  node.scalar = std::string(text);
  return node;
}

/// Helm's list syntax, `{a,b,c}`, whose items begin at `begin`. Commas inside quotes do not
/// split; spaces around items are dropped, since `{80, 443}` is the natural way to write it.
Node SetList(std::string_view items, FileId file, uint32_t begin) {
  Node list;
  list.kind = Node::Kind::Sequence;
  list.span = Span{file, begin - 1, static_cast<uint32_t>(begin + items.size() + 1)};
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  if (std::all_of(items.begin(), items.end(), blank)) return list;
  size_t start = 0;
  char quote = 0;
  for (size_t i = 0; i <= items.size(); ++i) {
    if (i < items.size() && quote != 0) {
      if (items[i] == quote) quote = 0;
      continue;
    }
    if (i < items.size() && (items[i] == '"' || items[i] == '\'')) {
      quote = items[i];
      continue;
    }
    if (i < items.size() && items[i] != ',') continue;
    size_t first = start;
    size_t last = i;
    while (first < last && blank(items[first])) ++first;
    while (last > first && blank(items[last - 1])) --last;
    list.items.push_back(
        SetScalar(items.substr(first, last - first), file, static_cast<uint32_t>(begin + first)));
    start = i + 1;
  }
  return list;
}

void LoadSet(const std::string& argument, SourceMap& sources, Diagnostics& diags,
             std::vector<Assignment>& out) {
  FileId file = sources.Add("--set", argument);
  std::string_view text = sources.text(file);
  size_t equals = text.find('=');
  if (equals == std::string_view::npos || !IsName(text.substr(0, equals))) {
    diags.Report(DiagCode::InvalidSetArgument, Span{file, 0, static_cast<uint32_t>(text.size())},
                 fmt::format("`--set` expects `name=value`, found `{}`", argument));
    return;
  }
  std::string_view value = text.substr(equals + 1);
  auto value_begin = static_cast<uint32_t>(equals + 1);
  Assignment assignment{
      std::string(text.substr(0, equals)), Span{file, 0, static_cast<uint32_t>(equals)}, {}};
  if (value.size() >= 2 && value.front() == '{' && value.back() == '}') {
    assignment.value = SetList(value.substr(1, value.size() - 2), file, value_begin + 1);
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
