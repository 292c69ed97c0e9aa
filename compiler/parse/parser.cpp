// The only translation unit that sees PEGTL: it runs grammar/whisk_grammar.h
// over a file and builds the flat syntax tree, reporting syntax errors and
// recovering from them so that one run reports all of them.
#include <fmt/format.h>

#include <tao/pegtl.hpp>

#include "compiler/parse/parse.h"
#include "compiler/source/suggest.h"
#include "grammar/whisk_grammar.h"

namespace whisk {
namespace {

namespace g = grammar;
namespace p = tao::pegtl;
using ast::NodeKind;

// ---------------------------------------------------------------- which rules are nodes

template <typename Rule>
inline constexpr int kNodeKindOf = -1;
#define WHISK_NODE(kind, rule) \
  template <>                  \
  inline constexpr int kNodeKindOf<g::rule> = static_cast<int>(NodeKind::kind);
#include "compiler/parse/node_kinds.def"
#undef WHISK_NODE

// ---------------------------------------------------------------- what each must-point expects

// Every rule that can be required by `must`/`if_must` names what it is; a rule
// without an entry here fails to compile the moment it becomes a must-point.
template <typename Rule>
struct Expected;
#define WHISK_EXPECT(text, ...)                                      \
  template <>                                                        \
  struct Expected<__VA_ARGS__> {                                     \
    [[maybe_unused]] static constexpr std::string_view kText = text; \
  };
// Optional and repeated parts never fail, so they never need a message.
template <typename... Rules>
struct Expected<p::opt<Rules...>> {
  static constexpr std::string_view kText = "";
};
template <typename... Rules>
struct Expected<p::star<Rules...>> {
  static constexpr std::string_view kText = "";
};
template <typename Rule, typename Separator>
struct Expected<p::list_must<Rule, Separator>> : Expected<Rule> {};
template <typename Item, typename Unknown>
struct Expected<g::block<Item, Unknown>> {
  static constexpr std::string_view kText = "`{`";
};
WHISK_EXPECT("a name", g::name)
WHISK_EXPECT("a condition", g::cond_and)
WHISK_EXPECT("`(` and the template's parameters", g::template_params)
WHISK_EXPECT("a value", g::value)
WHISK_EXPECT("a string", g::string_lit)
WHISK_EXPECT("a string", g::strings)
WHISK_EXPECT("a list `[...]`", g::list_lit)
WHISK_EXPECT("a range `LOW..HIGH` or a list of choices `[...]`", g::range)
WHISK_EXPECT("a condition", g::condition)
WHISK_EXPECT("a condition", g::cond_unary)
WHISK_EXPECT("a condition", p::sor<g::cond_not, g::cond_group, g::cond_compare>)
WHISK_EXPECT("a type (`int`, `bool`, `string`, `quantity`, `duration`, `port`, `list[T]`)", g::type)
WHISK_EXPECT("`:`", g::colon)
WHISK_EXPECT("`=`", g::equals)
WHISK_EXPECT("`..`", g::dot_dot)
WHISK_EXPECT("`{`", g::open_brace)
WHISK_EXPECT("`}`", g::close_brace)
WHISK_EXPECT("`[`", g::open_bracket)
WHISK_EXPECT("`]`", g::close_bracket)
WHISK_EXPECT("`)`", g::close_paren)
WHISK_EXPECT("`at`", g::kw_at)
WHISK_EXPECT("`on`", g::kw_on)
WHISK_EXPECT("`from`", g::kw_from)
WHISK_EXPECT("an escape (`\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` or `\\$`)", g::escaped_char)
WHISK_EXPECT("a name after `${`", g::interp_path)
WHISK_EXPECT("`}` to close `${`", g::interp_close)
WHISK_EXPECT("`\"` to close the string", g::string_close)
WHISK_EXPECT("a port `NAME NUMBER`", g::port_def)
WHISK_EXPECT("an environment variable `NAME = value`", g::env_def)
WHISK_EXPECT("an environment variable `NAME = value`, or `from config NAME`", g::env_item)
WHISK_EXPECT("`config` or `secret` (`env from config NAME`)", g::env_from_kind)
WHISK_EXPECT("a value, `config NAME.KEY`, `secret NAME.KEY` or `field \"PATH\"`", g::env_value)
WHISK_EXPECT("a reference `NAME.KEY`", g::path)
WHISK_EXPECT(
    "a readiness check: `http \"/path\" on PORT`, `tcp PORT`, `exec \"cmd\"` or `endpoints`",
    g::probe)
WHISK_EXPECT("a component name", g::need)
WHISK_EXPECT(
    "a placement: `require`, `forbid`, `prefer`, `avoid`, `spread`, `near`, `apart from` or a "
    "placement name",
    g::place_term)
WHISK_EXPECT(
    "a placement: `require`, `forbid`, `prefer`, `avoid`, `spread`, `near`, `apart from` or a "
    "placement name",
    g::place_terms)
WHISK_EXPECT(
    "`clusterip`, `nodeport`, `loadbalancer` or `ingress`",
    p::sor<g::expose_clusterip, g::expose_nodeport, g::expose_loadbalancer, g::expose_ingress>)
WHISK_EXPECT("a port name or `headless`", g::expose_item)
WHISK_EXPECT(
    "a verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`)",
    g::verb)
WHISK_EXPECT("a resource such as `pods` or `deployments.apps`", g::api_resource)
WHISK_EXPECT("an object `{ key: value }`", g::object_lit)
WHISK_EXPECT("a value or an object", g::raw_value)
WHISK_EXPECT("`key: value`", p::seq<g::colon, g::raw_value>)
WHISK_EXPECT("`{` and the component's properties", g::property_block)
WHISK_EXPECT("`{` and declarations", g::declaration_block)
WHISK_EXPECT("`{` and entries, or `from` and the component that makes it", g::data_body)
WHISK_EXPECT("`if` or `{`", p::sor<g::prop_if, g::property_block>)
WHISK_EXPECT("`if` or `{`", p::sor<g::decl_if, g::declaration_block>)
WHISK_EXPECT("`= value` or `from \"file\"`", p::sor<g::entry_value, g::entry_file>)
WHISK_EXPECT("`= value`", p::seq<g::equals, g::env_value>)
WHISK_EXPECT("`= value`", p::seq<g::equals, g::value>)
WHISK_EXPECT("`: type`", p::seq<g::colon, g::type>)
WHISK_EXPECT("a parameter `NAME: type`", g::template_param)
WHISK_EXPECT("an argument `NAME = value`", g::template_arg)
WHISK_EXPECT("a component kind (`service`, `stateful`, `daemon`, `job`, `cron`, `external`)",
             g::component_kind)
WHISK_EXPECT("a name after the kind", g::use_kind_name)
WHISK_EXPECT("the component's name, or a kind and the name (`as daemon NAME`)",
             p::sor<g::use_kind, g::name>)
WHISK_EXPECT("`== \"value\"`, `!= \"value\"`, `in [...]` or `exists`", g::label_selector)
WHISK_EXPECT("`pods`, what the component spawns (`spawns pods \"KEY\" == \"VALUE\"`)",
             g::spawn_kind)
WHISK_EXPECT("a topology property", g::topology_prop)
WHISK_EXPECT("`node`", TAO_PEGTL_KEYWORD("node"))
WHISK_EXPECT("`node`", g::tk<TAO_PEGTL_KEYWORD("node")>)
WHISK_EXPECT("a probe option", g::probe_option)
WHISK_EXPECT("`http`", g::probe_http)
#undef WHISK_EXPECT

// ---------------------------------------------------------------- parse state

struct ParseState {
  FileId file;
  const char* base;
  const char* end;
  Diagnostics& diags;
  // Postorder nodes while parsing; `first_child` holds the subtree size until
  // the tree is linked.
  std::vector<ast::Node> post;
  uint32_t last_token_end = 0;
  std::vector<uint32_t> open_delimiters;
  uint32_t string_begin = 0;
  uint32_t depth = 0;  // syntax nodes being built, one inside the other

  struct Mark {
    size_t nodes;
    size_t delimiters;
  };
  Mark Save() const { return {post.size(), open_delimiters.size()}; }
  // Inlined by hand: it runs for every failing alternative.
  [[gnu::always_inline]] void Restore(Mark mark) {
    if (post.size() != mark.nodes) post.resize(mark.nodes);
    if (open_delimiters.size() != mark.delimiters) open_delimiters.resize(mark.delimiters);
  }
  Span At(uint32_t from, uint32_t to) const { return Span{file, from, to}; }
  std::string_view All() const { return {base, static_cast<size_t>(end - base)}; }
};

constexpr uint32_t kMaxDepth = 200;

/// Counts nesting while a node rule matches, also when it unwinds by exception.
class DepthGuard {
 public:
  DepthGuard(ParseState& st, bool counts) : st_(st), counts_(counts) {
    if (counts_) ++st_.depth;
  }
  ~DepthGuard() {
    if (counts_) --st_.depth;
  }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  bool too_deep() const { return counts_ && st_.depth > kMaxDepth; }

 private:
  ParseState& st_;
  bool counts_;
};

template <typename Input>
uint32_t Offset(const Input& in, const ParseState& st) {
  return static_cast<uint32_t>(in.current() - st.base);
}

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// The token at `at`, for "found ..." in messages and for the error span.
struct FoundToken {
  uint32_t begin, end;
  std::string description;
};

FoundToken DescribeAt(std::string_view text, uint32_t at) {
  if (at >= text.size()) return {at, at, "end of file"};
  uint32_t end = at + 1;
  char c = text[at];
  if (IsIdentChar(c)) {
    while (end < text.size() && IsIdentChar(text[end])) ++end;
  } else if (c == '"') {
    while (end < text.size() && text[end] != '"' && text[end] != '\n')
      end += text[end] == '\\' ? 2 : 1;
    end = std::min<uint32_t>(end + 1, static_cast<uint32_t>(text.size()));
    if (end - at > 30) return {at, end, "a string"};
  } else if (c == '\n' || c == '\r') {
    return {at, at, "end of line"};
  } else {
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  return {at, end, fmt::format("`{}`", text.substr(at, end - at))};
}

std::string_view CloserFor(char open) {
  switch (open) {
    case '{':
      return "}";
    case '(':
      return ")";
    case '[':
      return "]";
  }
  return "?";
}

template <typename Rule>
inline constexpr bool kIsCloser =
    std::is_same_v<Rule, g::close_brace> || std::is_same_v<Rule, g::close_paren> ||
    std::is_same_v<Rule, g::close_bracket>;

template <typename Rule>
inline constexpr bool kIsOpener =
    std::is_same_v<Rule, g::open_brace> || std::is_same_v<Rule, g::open_paren> ||
    std::is_same_v<Rule, g::open_bracket>;

// Whether matching a rule can add nodes or open a delimiter, looking `Depth`
// levels into its sub-rules (deeper, or recursive, counts as yes).
template <typename Rule, int Depth>
inline constexpr bool kMayBuild = true;
template <typename List, int Depth>
inline constexpr bool kAnyMayBuild = true;
template <int Depth, typename... Rules>
inline constexpr bool kAnyMayBuild<p::type_list<Rules...>, Depth> = (kMayBuild<Rules, Depth> ||
                                                                     ...);
template <typename Rule, int Depth>
requires(Depth > 0) inline constexpr bool kMayBuild<Rule, Depth> =
    kNodeKindOf<Rule> >= 0 || kIsOpener<Rule> || kIsCloser<Rule> ||
    kAnyMayBuild<typename Rule::subs_t, Depth - 1>;

template <typename Rule>
void ReportExpected(uint32_t at, ParseState& st) {
  std::string_view all = st.All();
  FoundToken found = DescribeAt(all, at);
  if constexpr (std::is_same_v<Rule, g::escaped_char>) {
    // The escape is one character, whatever follows it.
    uint32_t end = std::min<uint32_t>(at + 1, static_cast<uint32_t>(all.size()));
    while (end < all.size() && (static_cast<unsigned char>(all[end]) & 0xC0) == 0x80) ++end;
    st.diags
        .Report(DiagCode::InvalidEscape, st.At(at - 1, end),
                fmt::format("unknown escape `\\{}` in string", all.substr(at, end - at)))
        .Help("write `\\\\` for a backslash and `\\$` for a dollar sign");
    return;
  } else if constexpr (std::is_same_v<Rule, g::string_close>) {
    st.diags
        .Report(DiagCode::UnterminatedString, st.At(st.string_begin, st.string_begin + 1),
                "string is never closed")
        .With(st.At(at, at), "the line ends here")
        .Help("strings end on the line they start; use `\\n` for a line break");
    return;
  } else if constexpr (std::is_same_v<Rule, g::interp_path> ||
                       std::is_same_v<Rule, g::interp_close>) {
    st.diags
        .Report(DiagCode::InvalidInterpolation, st.At(at, found.end),
                fmt::format("expected {} in interpolation, found {}", Expected<Rule>::kText,
                            found.description))
        .Help(
            "interpolate a name or a component field, as in `${kafka.host}`; write `\\$` for a "
            "dollar sign");
    return;
  } else {
    if constexpr (kIsCloser<Rule>) {
      if (!st.open_delimiters.empty()) {
        uint32_t open = st.open_delimiters.back();
        char opener = st.base[open];
        if (found.description == "end of file") {
          st.diags
              .Report(DiagCode::UnclosedDelimiter, st.At(open, open + 1),
                      fmt::format("unclosed `{}`", opener))
              .With(st.At(st.last_token_end, st.last_token_end),
                    fmt::format("the file ends here, where `{}` was expected", CloserFor(opener)));
        } else {
          st.diags
              .Report(
                  DiagCode::SyntaxExpected, st.At(found.begin, found.end),
                  fmt::format("expected {}, found {}", Expected<Rule>::kText, found.description))
              .With(st.At(open, open + 1), fmt::format("to close the `{}` opened here", opener));
        }
        return;
      }
    }
    // What is missing at the end of a line is reported there, not at the
    // next line's first word.
    bool line_ended =
        all.substr(st.last_token_end, found.begin - std::min(found.begin, st.last_token_end))
            .find('\n') != std::string_view::npos;
    bool at_end = found.description == "end of file" || line_ended;
    Span where =
        at_end ? st.At(st.last_token_end, st.last_token_end) : st.At(found.begin, found.end);
    std::string_view what = !at_end      ? std::string_view(found.description)
                            : line_ended ? "the end of the line"
                                         : "the end of the file";
    [[maybe_unused]] Diagnostic& d =
        st.diags.Report(DiagCode::SyntaxExpected, where,
                        fmt::format("expected {}, found {}", Expected<Rule>::kText, what));
    if constexpr (std::is_same_v<Rule, g::use_kind_name>) {
      // Kinds are names elsewhere: say why `as daemon` alone names nothing.
      d.Help(
          "after `as`, a kind chooses the component's kind and the name follows it: "
          "`use TEMPLATE as daemon NAME`");
    }
  }
}

// ---------------------------------------------------------------- recovery helpers

bool StartsDeclarationLine(std::string_view text, size_t line_start) {
  if (line_start >= text.size() || !IsIdentStart(text[line_start])) return false;
  size_t end = line_start;
  while (end < text.size() && IsIdentChar(text[end])) ++end;
  std::string_view word = text.substr(line_start, end - line_start);
  for (std::string_view keyword : g::kDeclarationKeywords) {
    if (word == keyword) return true;
  }
  return word == "if";
}

/// The next line that starts, in its first column, with a declaration keyword.
size_t NextDeclaration(std::string_view text, size_t from) {
  size_t at = from;
  while (true) {
    at = text.find('\n', at);
    if (at == std::string_view::npos) return text.size();
    ++at;
    if (StartsDeclarationLine(text, at)) return at;
  }
}

/// The end of the current line, skipping balanced braces on the way and
/// stopping before a `}` that closes the enclosing block.
size_t EndOfItem(std::string_view text, size_t from) {
  int depth = 0;
  size_t at = from;
  for (; at < text.size(); ++at) {
    char c = text[at];
    if (c == '"') {
      while (++at < text.size() && text[at] != '"' && text[at] != '\n') {
        if (text[at] == '\\') ++at;
      }
      if (at >= text.size()) break;
      if (text[at] == '\n' && depth == 0) return at + 1;
    } else if (c == '/' && at + 1 < text.size() && text[at + 1] == '/') {
      at = text.find('\n', at);
      if (at == std::string_view::npos) return text.size();
      if (depth == 0) return at + 1;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0) return at;
      --depth;
    } else if (c == '\n' && depth == 0) {
      return at + 1;
    }
  }
  return text.size();
}

template <typename Input>
void SkipTo(Input& in, const ParseState& st, size_t target) {
  in.iterator() = st.base + target;
}

template <typename Unknown>
void ReportUnknownItem(uint32_t at, ParseState& st, std::string_view all) {
  FoundToken found = DescribeAt(all, at);
  std::string_view word = all.substr(found.begin, found.end - found.begin);
  bool is_word = !word.empty() && IsIdentStart(word[0]);
  if constexpr (std::is_same_v<Unknown, g::unknown_entry>) {
    st.diags.Report(DiagCode::SyntaxExpected, st.At(found.begin, found.end),
                    fmt::format("expected an entry `KEY = value` or `KEY from \"file\"`, found {}",
                                found.description));
  } else if constexpr (std::is_same_v<Unknown, g::unknown_declaration>) {
    auto& d = st.diags.Report(
        DiagCode::UnknownDeclaration, st.At(found.begin, found.end),
        fmt::format("expected a declaration, found {}{}", found.description,
                    is_word ? DidYouMean(word, g::kDeclarationKeywords) : std::string()));
    d.Note(
        "a declaration starts with `import`, `topology`, `param`, `role`, `placement`, "
        "`config`, `secret`, a component kind, `template`, `use` or `if`");
  } else if (is_word) {
    st.diags.Report(
        DiagCode::UnknownProperty, st.At(found.begin, found.end),
        fmt::format("unknown property `{}`{}", word, DidYouMean(word, g::kPropertyKeywords)));
  } else {
    st.diags.Report(DiagCode::SyntaxExpected, st.At(found.begin, found.end),
                    fmt::format("expected a property or `}}`, found {}", found.description));
  }
}

// ---------------------------------------------------------------- control

template <typename Rule>
struct Control : p::normal<Rule> {
  template <p::apply_mode A, p::rewind_mode M, template <typename...> class Action,
            template <typename...> class Ctl, typename Input>
  static bool match(Input& in, ParseState& st) {
    // Rules that build no node and open nothing leave nothing to undo.
    if constexpr (A == p::apply_mode::action && std::is_same_v<Rule, g::token_end>) {
      st.last_token_end = Offset(in, st);
      return true;
    } else if constexpr (A != p::apply_mode::action || !kMayBuild<Rule, 10>) {
      return p::normal<Rule>::template match<A, M, Action, Ctl>(in, st);
    } else {
      ParseState::Mark mark = st.Save();
      uint32_t begin = Offset(in, st);
      if constexpr (std::is_same_v<Rule, g::string_lit>) st.string_begin = begin;
      // Every recursion of the grammar passes through a node, so bounding
      // node depth bounds the parser's stack, whatever the input.
      DepthGuard guard(st, kNodeKindOf<Rule> >= 0);
      if (guard.too_deep()) {
        st.diags
            .Report(DiagCode::NestingTooDeep, st.At(begin, begin + 1),
                    fmt::format("nesting deeper than {} levels", kMaxDepth))
            .Help("no topology needs this much nesting; split the expression or the blocks");
        throw p::parse_error("too deep", in);
      }
      if (!p::normal<Rule>::template match<A, M, Action, Ctl>(in, st)) {
        st.Restore(mark);
        return false;
      }
      if constexpr (kIsOpener<Rule>) {
        st.open_delimiters.push_back(begin);
      } else if constexpr (kIsCloser<Rule>) {
        if (!st.open_delimiters.empty()) st.open_delimiters.pop_back();
      }
      if constexpr (kNodeKindOf<Rule> >= 0) {
        uint32_t end = st.last_token_end > begin ? st.last_token_end : Offset(in, st);
        if constexpr (std::is_same_v<Rule, g::interp_path>) end = Offset(in, st);
        auto size = static_cast<uint32_t>(st.post.size() - mark.nodes + 1);
        st.post.push_back(ast::Node{static_cast<NodeKind>(kNodeKindOf<Rule>), begin, end, size});
      }
      return true;
    }
  }

  template <typename Input>
  [[noreturn]] static void raise(const Input& in, ParseState& st) {
    ReportExpected<Rule>(Offset(in, st), st);
    throw p::parse_error("syntax error", in);
  }
};

/// Pushes an Error node covering what recovery skipped.
void PushError(ParseState& st, uint32_t begin, uint32_t end) {
  st.post.push_back(ast::Node{NodeKind::Error, begin, end, 1});
}

// A top-level declaration; on error, skip to the next line that starts a
// declaration in its first column.
template <>
struct Control<g::top_item> : p::normal<g::top_item> {
  template <p::apply_mode A, p::rewind_mode M, template <typename...> class Action,
            template <typename...> class Ctl, typename Input>
  static bool match(Input& in, ParseState& st) {
    ParseState::Mark mark = st.Save();
    uint32_t begin = Offset(in, st);
    std::string_view all = st.All();
    try {
      if (p::normal<g::top_item>::template match<A, M, Action, Ctl>(in, st)) return true;
      ReportUnknownItem<g::unknown_declaration>(begin, st, all);
    } catch (const p::parse_error&) {
    }
    st.Restore(mark);
    size_t target = NextDeclaration(all, begin);
    SkipTo(in, st, target);
    PushError(st, begin, static_cast<uint32_t>(target));
    return true;
  }
};

// An item of a `{ ... }` block; on error, skip the rest of its line.
template <typename Item, typename Unknown>
struct Control<g::block_item<Item, Unknown>> : p::normal<g::block_item<Item, Unknown>> {
  template <p::apply_mode A, p::rewind_mode M, template <typename...> class Action,
            template <typename...> class Ctl, typename Input>
  static bool match(Input& in, ParseState& st) {
    if (in.empty() || in.peek_char() == '}') return false;
    if constexpr (A != p::apply_mode::action) {
      return p::normal<g::block_item<Item, Unknown>>::template match<A, M, Action, Ctl>(in, st);
    } else {
      ParseState::Mark mark = st.Save();
      uint32_t begin = Offset(in, st);
      std::string_view all = st.All();
      try {
        if (p::normal<g::block_item<Item, Unknown>>::template match<A, M, Action, Ctl>(in, st)) {
          return true;
        }
        ReportUnknownItem<Unknown>(begin, st, all);
      } catch (const p::parse_error&) {
      }
      st.Restore(mark);
      size_t target = std::max<size_t>(EndOfItem(all, begin), begin + 1);
      SkipTo(in, st, target);
      // Whitespace after the skipped stretch belongs to no token.
      while (!in.empty() && std::isspace(static_cast<unsigned char>(in.peek_char()))) in.bump(1);
      PushError(st, begin, static_cast<uint32_t>(target));
      return true;
    }
  }
};

// Turns the postorder array into the linked tree of ast::Module.
void Link(ParseState& st, ast::Module& module) {
  module.nodes = std::move(st.post);
  std::vector<ast::Node>& nodes = module.nodes;
  auto count = static_cast<uint32_t>(nodes.size());
  // Walk each node's children backwards (postorder: the last child sits just
  // before its parent) and thread them into a forward sibling list.
  std::vector<uint32_t> sizes(count);
  for (uint32_t i = 0; i < count; ++i) sizes[i] = nodes[i].first_child;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t next = ast::NodeId::kNone;
    uint32_t first = ast::NodeId::kNone;
    uint32_t stop = i + 1 - sizes[i];
    for (uint32_t child = i; child > stop;) {
      child -= 1;
      nodes[child].next_sibling = next;
      next = child;
      first = child;
      child = child + 1 - sizes[child];
    }
    nodes[i].first_child = first;
  }
  // Roots: walk back from the end over top-level subtrees.
  std::vector<ast::NodeId> roots;
  for (uint32_t end = count; end > 0;) {
    uint32_t root = end - 1;
    roots.push_back(ast::NodeId{root});
    end = root + 1 - sizes[root];
  }
  module.roots.assign(roots.rbegin(), roots.rend());
  for (size_t r = 0; r + 1 < module.roots.size(); ++r) {
    nodes[module.roots[r].value].next_sibling = module.roots[r + 1].value;
  }
}

}  // namespace

ast::Module Parse(FileId file, std::string_view text, Diagnostics& diags) {
  ParseState st{file, text.data(), text.data() + text.size(), diags, {}, 0, {}, 0};
  st.post.reserve(text.size() / 4);
  p::memory_input<p::tracking_mode::lazy, p::eol::lf_crlf> in(text.data(), text.size(), "");
  try {
    p::parse<g::file, p::nothing, Control>(in, st);
  } catch (const p::parse_error&) {
    // Already reported; the tree holds what parsed.
  }
  ast::Module module;
  module.file = file;
  module.text = text;
  Link(st, module);
  return module;
}

}  // namespace whisk
