#include "compiler/check/names.h"

namespace whisk::sema {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

bool IsQualifiedName(std::string_view name) {
  if (name.empty() || name.size() > 63 || !IsAlnum(name.front()) || !IsAlnum(name.back()))
    return false;
  for (char c : name) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::string KubeName(std::string_view identifier) {
  std::string name(identifier);
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  return name;
}

bool IsDns1123Label(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!IsLowerAlnum(name.front()) || !IsLowerAlnum(name.back())) return false;
  for (char c : name) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

bool IsDns1123Subdomain(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view label = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!IsDns1123Label(label)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsLabelKey(std::string_view key) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return IsQualifiedName(key);
  return IsDns1123Subdomain(key.substr(0, slash)) && IsQualifiedName(key.substr(slash + 1));
}

bool IsLabelValue(std::string_view value) { return value.empty() || IsQualifiedName(value); }

bool IsEnvVarName(std::string_view name) {
  if (name.empty() || name == "." || name.starts_with("..")) return false;
  if (name.front() >= '0' && name.front() <= '9') return false;
  for (char c : name) {
    if (!IsAlnum(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace whisk::sema
