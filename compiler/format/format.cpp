#include "compiler/format/format.h"

#include <algorithm>
#include <vector>

#include "compiler/format/marks.h"
#include "compiler/format/tokens.h"
#include "compiler/parse/parse.h"
#include "grammar/keywords.h"

namespace whisk::format {
namespace {

constexpr size_t kIndentWidth = 2;

struct Line {
  size_t indent = 0;
  std::string code;
  std::string comment;  // a trailing comment, or the whole line's when `code` is empty
  bool blank_before = false;
};

/// An open bracket and the indentation of the line it was opened on.
struct Open {
  char bracket;
  bool block;  // a block's `{`: its items are laid out one per line
  size_t line_indent;
  size_t token;  // its index among the tokens
};

class Layout {
 public:
  Layout(std::string_view text, const std::vector<Token>& tokens, const Marks& marks)
      : text_(text), tokens_(tokens), marks_(marks) {}

  std::optional<std::string> Run() {
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (!Place(i)) return std::nullopt;
    }
    if (!open_.empty()) return std::nullopt;
    return Render();
  }

 private:
  std::string_view Text(size_t i) const {
    return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  bool Is(size_t i, std::string_view punct) const {
    return tokens_[i].kind == Token::Kind::Punct && Text(i) == punct;
  }
  bool IsOpen(size_t i) const { return Is(i, "{") || Is(i, "(") || Is(i, "["); }
  bool IsClose(size_t i) const { return Is(i, "}") || Is(i, ")") || Is(i, "]"); }
  bool IsBlockOpen(size_t i) const {
    return Is(i, "{") && marks_.object_braces.count(tokens_[i].begin) == 0;
  }
  bool IsBlockClose(size_t i) const { return Is(i, "}") && !open_.empty() && open_.back().block; }
  bool IsItemStart(size_t i) const { return marks_.item_starts.count(tokens_[i].begin) != 0; }

  /// The indentation of a line that starts with token `i`.
  size_t IndentFor(size_t i) const {
    // `else`, or a block's `{`, kept off its line by a comment lines up with its item.
    if (marks_.joined.count(tokens_[i].begin) != 0 || IsBlockOpen(i)) return item_indent_;
    if (open_.empty()) return IsItemStart(i) || tokens_[i].kind == Token::Kind::Comment ? 0 : 1;
    const Open& top = open_.back();
    if (IsClose(i)) return top.line_indent;
    if (!top.block || IsItemStart(i)) return top.line_indent + 1;
    // Inside a block but not an item's first token: the item goes on over another line.
    return top.line_indent + 2;
  }

  /// The indentation of a comment on its own line: that of what follows it, inside any
  /// bracket that follows (a comment before `}` belongs to the block).
  size_t CommentIndent(size_t i) const {
    size_t next = i + 1;
    while (next < tokens_.size() && tokens_[next].kind == Token::Kind::Comment) ++next;
    if (next == tokens_.size()) return 0;
    if (IsClose(next)) return open_.empty() ? 0 : open_.back().line_indent + 1;
    return IndentFor(next);
  }

  /// The space between the last token of the line and token `i` on the same line.
  std::string_view Space(size_t i) const {
    size_t before = i - 1;
    if (Is(i, ",") || Is(i, ":") || Is(i, ")") || Is(i, "]")) return "";
    if (Is(i, "..") || Is(before, "..")) return "";
    if (Is(before, "(") || Is(before, "[")) return "";
    if ((Is(i, "(") || Is(i, "[")) && marks_.hugging_words.count(tokens_[before].end) != 0) {
      return "";
    }
    if (Is(i, "}") && Is(before, "{")) return "";  // an empty block or object
    return " ";
  }

  void NewLine(size_t indent, bool blank) {
    Line line;
    line.indent = indent;
    line.blank_before = blank && !lines_.empty() && !after_open_;
    lines_.push_back(std::move(line));
  }

  bool Place(size_t i) {
    const Token& t = tokens_[i];
    bool blank = t.breaks_before >= 2;
    if (t.kind == Token::Kind::Comment) {
      std::string comment(Text(i));
      while (!comment.empty() && (comment.back() == ' ' || comment.back() == '\t')) {
        comment.pop_back();
      }
      if (t.breaks_before == 0 && !lines_.empty() && !lines_.back().code.empty() &&
          lines_.back().comment.empty()) {
        lines_.back().comment = std::move(comment);
      } else {
        NewLine(CommentIndent(i), blank);
        lines_.back().comment = std::move(comment);
      }
      after_open_ = false;
      break_next_ = true;
      return true;
    }
    bool empty_block = IsBlockClose(i) && open_.back().token + 1 == i;
    bool attach = Is(i, ",") || Is(i, ":") || Is(i, "..") ||
                  marks_.joined.count(t.begin) != 0 || IsBlockOpen(i) || empty_block;
    bool starts_line = lines_.empty() || IsItemStart(i) || (IsBlockClose(i) && !empty_block) ||
                       (!attach && (break_next_ || t.breaks_before > 0));
    if (attach && !lines_.empty() &&
        (lines_.back().code.empty() || !lines_.back().comment.empty())) {
      // Nothing can follow a comment on its line: the punctuation stays on the next one.
      starts_line = true;
    }
    if (IsClose(i)) {
      if (open_.empty() || open_.back().bracket != Matching(Text(i)[0])) return false;
    }
    if (starts_line) {
      NewLine(IndentFor(i), blank && !IsClose(i));
      if (IsItemStart(i)) item_indent_ = lines_.back().indent;
      break_next_ = false;
    } else if (Is(i, ",") && t.breaks_before > 0 &&
               !(i + 1 < tokens_.size() && grammar::IsPropertyKeyword(Text(i + 1)))) {
      // `a\n, b` becomes `a,\n b`: the break moves past the comma, unless what follows is a
      // property keyword, which at the start of a line would begin the next property.
      break_next_ = true;
    }
    if (!starts_line && !lines_.back().code.empty()) {
      lines_.back().code += Space(i);
    }
    lines_.back().code += Text(i);
    if (IsClose(i)) {
      // After a block, the item around it goes on (`} else {`) at the indentation it began.
      if (open_.back().block) item_indent_ = open_.back().line_indent;
      open_.pop_back();
    }
    after_open_ = false;
    if (IsOpen(i)) {
      // A block belongs to its item: its contents are indented from the line the item began
      // on, however many lines the item's header took.
      size_t indent = IsBlockOpen(i) ? item_indent_ : lines_.back().indent;
      open_.push_back({Text(i)[0], IsBlockOpen(i), indent, i});
      after_open_ = true;
      // A block's items start on their own lines, its `}` too unless it is empty.
      if (open_.back().block && !(i + 1 < tokens_.size() && Is(i + 1, "}"))) break_next_ = true;
    }
    return true;
  }

  /// Columns on a terminal: UTF-8 continuation bytes take none.
  static size_t Width(std::string_view text) {
    size_t width = 0;
    for (unsigned char c : text) width += (c & 0xC0) != 0x80;
    return width;
  }

  static char Matching(char close) { return close == '}' ? '{' : close == ')' ? '(' : '['; }

  std::string Render() const {
    std::string out;
    // Trailing comments of neighbouring lines start in one column.
    std::vector<size_t> column(lines_.size(), 0);
    for (size_t i = 0; i < lines_.size();) {
      size_t j = i;
      size_t widest = 0;
      while (j < lines_.size() && !lines_[j].code.empty() && !lines_[j].comment.empty() &&
             (j == i || !lines_[j].blank_before)) {
        widest = std::max(widest, lines_[j].indent * kIndentWidth + Width(lines_[j].code));
        ++j;
      }
      for (size_t k = i; k < j; ++k) column[k] = widest + 1;
      i = j == i ? i + 1 : j;
    }
    for (size_t i = 0; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      if (line.blank_before) out += '\n';
      out.append(line.indent * kIndentWidth, ' ');
      out += line.code;
      if (!line.comment.empty()) {
        if (!line.code.empty()) {
          out.append(column[i] - line.indent * kIndentWidth - Width(line.code), ' ');
        }
        out += line.comment;
      }
      out += '\n';
    }
    return out;
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  const Marks& marks_;
  std::vector<Line> lines_;
  std::vector<Open> open_;
  size_t item_indent_ = 0;   // the indentation of the line the current item began on
  bool break_next_ = false;  // the next token starts a line (after a comment, a block's `{`)
  bool after_open_ = false;  // the last token opened a bracket: no blank line follows
};

/// The tokens' kinds and texts: what formatting must never change.
std::vector<std::pair<Token::Kind, std::string_view>> Signature(std::string_view text,
                                                                 const std::vector<Token>& tokens) {
  std::vector<std::pair<Token::Kind, std::string_view>> out;
  out.reserve(tokens.size());
  for (const Token& t : tokens) {
    std::string_view s = text.substr(t.begin, t.end - t.begin);
    if (t.kind == Token::Kind::Comment) {
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    }
    out.emplace_back(t.kind, s);
  }
  return out;
}

/// The same node kinds in the same order, with the same leaf texts.
bool SameTree(const ast::Module& a, const ast::Module& b) {
  if (a.nodes.size() != b.nodes.size()) return false;
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    const ast::Node& x = a.nodes[i];
    const ast::Node& y = b.nodes[i];
    if (x.kind != y.kind || x.first_child_valid() != y.first_child_valid()) return false;
    if (!x.first_child_valid() && a.text.substr(x.begin, x.end - x.begin) !=
                                      b.text.substr(y.begin, y.end - y.begin)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> Format(std::string_view text, const ast::Module& module) {
  std::optional<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens) return std::nullopt;
  Marks marks = MarksOf(module);
  std::optional<std::string> out = Layout(text, *tokens, marks).Run();
  if (!out) return std::nullopt;
  // The layout moves tokens between lines and nothing else, and line starts matter to the
  // grammar: the same tokens and the same tree, checked, not assumed.
  std::optional<std::vector<Token>> again = Tokenize(*out);
  if (!again || Signature(*out, *again) != Signature(text, *tokens)) return std::nullopt;
  Diagnostics diags;
  ast::Module reparsed = Parse(module.file, *out, diags);
  if (diags.has_errors() || !SameTree(module, reparsed)) return std::nullopt;
  return out;
}

}  // namespace whisk::format
