#include "compiler/format/tokens.h"

#include <tao/pegtl.hpp>

#include "grammar/whisk_grammar.h"

namespace whisk::format {
namespace {

namespace p = tao::pegtl;
namespace g = whisk::grammar;

// The grammar's own lexical rules, one token at a time. A word is a name or a path of them
// (`kafka.port.broker`, `pods/log`); `==`, `!=` and `..` are one token, every other
// punctuation character is one.
struct comment : g::line_comment {};
struct string : g::string_core {};
struct number : p::seq<g::number_core, p::opt<g::unit_suffix>> {};
struct word : p::seq<g::ident_core, p::star<p::one<'.', '/'>, g::ident_core>> {};
struct punct : p::sor<p::two<'='>, p::string<'!', '='>, p::two<'.'>,
                      p::one<'{', '}', '(', ')', '[', ']', ',', ':', '='>> {};
struct token : p::sor<comment, string, number, word, punct> {};
struct file : p::seq<p::star<p::sor<p::space, token>>, p::eof> {};

struct State {
  std::vector<Token> tokens;
  uint32_t last_end = 0;
  std::string_view text;
};

template <typename Rule>
struct Action {};

template <Token::Kind K>
struct Record {
  template <typename ActionInput>
  static void apply(const ActionInput& in, State& st) {
    auto begin = static_cast<uint32_t>(in.begin() - st.text.data());
    auto end = static_cast<uint32_t>(in.end() - st.text.data());
    // A comment runs to its line break; the break belongs to what follows.
    while (K == Token::Kind::Comment && end > begin &&
           (st.text[end - 1] == '\n' || st.text[end - 1] == '\r')) {
      --end;
    }
    uint32_t breaks = 0;
    for (uint32_t i = st.last_end; i < begin; ++i) breaks += st.text[i] == '\n';
    st.tokens.push_back({K, begin, end, breaks});
    st.last_end = end;
  }
};

template <>
struct Action<comment> : Record<Token::Kind::Comment> {};
template <>
struct Action<string> : Record<Token::Kind::String> {};
template <>
struct Action<number> : Record<Token::Kind::Number> {};
template <>
struct Action<word> : Record<Token::Kind::Word> {};
template <>
struct Action<punct> : Record<Token::Kind::Punct> {};

}  // namespace

std::optional<std::vector<Token>> Tokenize(std::string_view text) {
  State st;
  st.text = text;
  p::memory_input in(text.data(), text.size(), "");
  try {
    if (!p::parse<file, Action>(in, st)) return std::nullopt;
  } catch (const p::parse_error&) {
    return std::nullopt;
  }
  return std::move(st.tokens);
}

}  // namespace whisk::format
