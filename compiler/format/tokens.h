#pragma once
// The tokens of a whisk file as the formatter sees them: the grammar's tokens plus the
// comments between them, each with the line breaks that came before it.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace whisk::format {

struct Token {
  enum class Kind : uint8_t { Word, Number, String, Comment, Punct } kind;
  uint32_t begin;  // byte offsets into the text
  uint32_t end;
  uint32_t breaks_before;  // line breaks between the previous token (or the start) and this one
};

/// The tokens of `text`, in order; nullopt when something in it is no token of the grammar
/// (the parser reports it).
std::optional<std::vector<Token>> Tokenize(std::string_view text);

}  // namespace whisk::format
