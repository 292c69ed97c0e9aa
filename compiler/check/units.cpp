#include "compiler/check/units.h"

#include <cmath>
#include <cstdlib>

namespace whisk::sema {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<long double> Multiplier(std::string_view suffix) {
  struct Unit {
    std::string_view name;
    long double factor;
  };
  static constexpr Unit kUnits[] = {{"", 1.0L},
                                    {"n", 1e-9L},
                                    {"u", 1e-6L},
                                    {"m", 1e-3L},
                                    {"k", 1e3L},
                                    {"M", 1e6L},
                                    {"G", 1e9L},
                                    {"T", 1e12L},
                                    {"P", 1e15L},
                                    {"E", 1e18L},
                                    {"Ki", 1024.0L},
                                    {"Mi", 1048576.0L},
                                    {"Gi", 1073741824.0L},
                                    {"Ti", 1099511627776.0L},
                                    {"Pi", 1125899906842624.0L},
                                    {"Ei", 1152921504606846976.0L}};
  for (const Unit& unit : kUnits) {
    if (unit.name == suffix) return unit.factor;
  }
  // Decimal exponent: e3, E-2.
  if (suffix.size() >= 2 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string_view exponent = suffix.substr(1);
    size_t start = exponent[0] == '-' || exponent[0] == '+' ? 1 : 0;
    if (start == exponent.size()) return std::nullopt;
    for (size_t i = start; i < exponent.size(); ++i) {
      if (!IsDigit(exponent[i])) return std::nullopt;
    }
    int e = std::atoi(std::string(exponent).c_str());
    if (e > 30 || e < -30) return std::nullopt;
    return std::pow(10.0L, e);
  }
  return std::nullopt;
}

}  // namespace

std::pair<std::string_view, std::string_view> SplitNumber(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  while (i < text.size() && (IsDigit(text[i]) || text[i] == '.')) ++i;
  return {text.substr(0, i), text.substr(i)};
}

std::optional<Quantity> ParseQuantity(std::string_view text) {
  auto [number, suffix] = SplitNumber(text);
  if (number.empty() || number == "-" || number.front() == '.' || number.back() == '.')
    return std::nullopt;
  if (number.front() == '-') return std::nullopt;  // no negative sizes or CPUs here
  std::optional<long double> factor = Multiplier(suffix);
  if (!factor) return std::nullopt;
  long double value = std::strtold(std::string(number).c_str(), nullptr) * *factor * 1000.0L;
  constexpr long double kMax = 9.2e18L;
  Quantity q;
  q.text = std::string(text);
  q.milli = value >= kMax ? INT64_MAX : static_cast<int64_t>(std::llround(value));
  return q;
}

std::optional<Duration> ParseDuration(std::string_view text) {
  Duration d;
  d.text = std::string(text);
  std::string_view rest = text;
  if (rest.empty()) return std::nullopt;
  long double total = 0;
  while (!rest.empty()) {
    size_t i = 0;
    while (i < rest.size() && (IsDigit(rest[i]) || rest[i] == '.')) ++i;
    if (i == 0) return std::nullopt;
    long double amount = std::strtold(std::string(rest.substr(0, i)).c_str(), nullptr);
    rest.remove_prefix(i);
    long double unit = 0;
    if (rest.starts_with("ms")) {
      unit = 1, rest.remove_prefix(2);
    } else if (rest.starts_with("s")) {
      unit = 1000, rest.remove_prefix(1);
    } else if (rest.starts_with("m")) {
      unit = 60000, rest.remove_prefix(1);
    } else if (rest.starts_with("h")) {
      unit = 3600000, rest.remove_prefix(1);
    } else {
      return std::nullopt;
    }
    total += amount * unit;
  }
  if (total > 9e15L) return std::nullopt;
  d.millis = static_cast<int64_t>(std::llround(total));
  return d;
}

}  // namespace whisk::sema
