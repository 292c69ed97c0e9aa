#include "compiler/emit/yaml_scalar.h"

#include <array>
#include <cstdio>

namespace whisk::emit {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// The code point of a two- or three-byte UTF-8 sequence.
unsigned CodePoint(std::string_view bytes) {
  auto b = [&](size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  if (bytes.size() == 2) return (b(0) & 0x1F) << 6 | (b(1) & 0x3F);
  return (b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
}

/// A letter outside hex digits, `o`, `x` (bases), `e` (exponents), `t` and
/// `z` (timestamps): none of YAML 1.1's or 1.2's numbers contain one.
bool HasNonNumericLetter(std::string_view text) {
  for (char c : text) {
    char lower = static_cast<char>(c | 0x20);
    if (lower >= 'a' && lower <= 'z' &&
        !(lower <= 'f' || lower == 'o' || lower == 'x' || lower == 't' || lower == 'z')) {
      return true;
    }
  }
  return false;
}

// Words that YAML 1.1 or 1.2 resolves to booleans or null when plain.
constexpr std::array<std::string_view, 33> kReserved = {
    "y",    "Y",    "yes",   "Yes",   "YES",   "n",    "N",    "no",   "No",   "NO",   "true",
    "True", "TRUE", "false", "False", "FALSE", "on",   "On",   "ON",   "off",  "Off",  "OFF",
    "null", "Null", "NULL",  "~",     ".inf",  ".Inf", ".INF", ".nan", ".NaN", ".NAN", "<<"};

/// Bytes that need a closer look inside a plain scalar.
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = c < 0x20 || c >= 0x7F || c == ':' || c == '#';
  return table;
}();

// Characters that may not start a plain scalar.
constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`=";

}  // namespace

size_t UnprintableAt(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0; };
  if (byte(i) == 0xC2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F) return 2;  // U+0080-U+009F
  if (byte(i) == 0xE2 && byte(i + 1) == 0x80 && (byte(i + 2) == 0xA8 || byte(i + 2) == 0xA9))
    return 3;  // U+2028, U+2029
  if (byte(i) == 0xEF && byte(i + 1) == 0xBF && (byte(i + 2) == 0xBE || byte(i + 2) == 0xBF))
    return 3;                                                                   // U+FFFE, U+FFFF
  if (byte(i) == 0xEF && byte(i + 1) == 0xBB && byte(i + 2) == 0xBF) return 3;  // BOM
  return 0;
}

bool IsSafePlain(std::string_view text) {
  if (text.empty()) return false;
  if (text.size() <= 5) {  // the longest reserved word
    for (std::string_view word : kReserved) {
      if (text == word) return false;
    }
  }
  char first = text.front();
  // Anything that could read as a number, a timestamp or sexagesimal:
  // a digit first, or a sign or dot before one. Quantities and durations
  // (`512Mi`, `250m`, `30s`) stay plain: a letter that no number, exponent,
  // base prefix or timestamp uses rules all of those out.
  if (IsDigit(first) && !HasNonNumericLetter(text)) return false;
  if ((first == '-' || first == '+' || first == '.') && text.size() > 1 &&
      (IsDigit(text[1]) || text[1] == '.')) {
    return false;
  }
  if (kIndicators.find(first) != std::string_view::npos) {
    // `-x`, `:x` and `?x` are plain in YAML 1.2 but not everywhere: quote.
    return false;
  }
  if (text.front() == ' ' || text.back() == ' ' || text.back() == ':') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!kSpecial[c]) continue;
    if (c < 0x20 || c == 0x7F) return false;  // line breaks, tabs, control characters
    if (c == ':' && i + 1 < text.size() && text[i + 1] == ' ') return false;
    if (c == '#' && i > 0 && text[i - 1] == ' ') return false;
    if (c >= 0x80) return false;  // keep non-ASCII quoted: NEL and line separators hide there
  }
  return true;
}

void AppendQuoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\r':
        out.append("\\r");
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", c);
          out.append(escape);
        } else if (size_t length = UnprintableAt(text, i); length > 0) {
          // C1 controls (NEL among them), LS, PS and the noncharacters that
          // kubectl's YAML reader refuses to see raw.
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", CodePoint(text.substr(i, length)));
          out.append(escape);
          i += length - 1;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void AppendYamlString(std::string& out, std::string_view text) {
  if (IsSafePlain(text)) {
    out.append(text);
  } else {
    AppendQuoted(out, text);
  }
}

}  // namespace whisk::emit
