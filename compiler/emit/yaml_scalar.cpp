#include "compiler/emit/yaml_scalar.h"

#include <array>
#include <cstdio>

namespace whisk::emit {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// A letter outside hex digits, `o`, `x` (bases), `e` (exponents), `t` and
/// `z` (timestamps): none of YAML 1.1's or 1.2's numbers contain one.
bool HasNonNumericLetter(std::string_view text) {
  for (char c : text) {
    char lower = static_cast<char>(c | 0x20);
    if (lower >= 'a' && lower <= 'z' && !(lower <= 'f' || lower == 'o' || lower == 'x' ||
                                            lower == 't' || lower == 'z')) {
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
        } else if (c == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) == 0x85) {
          out.append("\\u0085");  // NEL: a line break to YAML
          ++i;
        } else if (c == 0xE2 && i + 2 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                    static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
          out.append(static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029");
          i += 2;
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
