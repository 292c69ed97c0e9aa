#include "compiler/kube/yaml_text.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/emit/manifest_yaml.h"
#include "compiler/emit/yaml_scalar.h"

namespace whisk::kube {
namespace {

void Indent(std::string& out, int indent) { out.append(static_cast<size_t>(indent), ' '); }

/// The members of `map` in key order (ordered_json keeps them as written).
std::vector<std::pair<std::string_view, const Json*>> Sorted(const Json& map) {
  std::vector<std::pair<std::string_view, const Json*>> members;
  members.reserve(map.size());
  for (auto it = map.begin(); it != map.end(); ++it) members.emplace_back(it.key(), &it.value());
  std::sort(members.begin(), members.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  return members;
}

void LiteralBlock(std::string& out, std::string_view text, int indent) {
  size_t trailing = 0;
  while (trailing < text.size() && text[text.size() - 1 - trailing] == '\n') ++trailing;
  out.append(trailing == 0 ? "|-\n" : trailing == 1 ? "|\n" : "|+\n");
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = std::min(text.find('\n', begin), text.size());
    if (end > begin) {
      Indent(out, indent);
      out.append(text.substr(begin, end - begin));
    }
    out.push_back('\n');
    begin = end + 1;
  }
}

void Map(std::string& out, const Json& map, int indent, bool first_inline);
void List(std::string& out, const Json& list, int indent);

/// Writes what follows `key:` or `-`, the separating space included.
void Value(std::string& out, const Json& value, int indent, bool in_list) {
  if (value.is_object()) {
    if (value.empty()) {
      out.append(" {}\n");
    } else if (in_list) {
      out.push_back(' ');
      Map(out, value, indent + 2, /*first_inline=*/true);
    } else {
      out.push_back('\n');
      Map(out, value, indent + 2, false);
    }
  } else if (value.is_array()) {
    if (value.empty()) {
      out.append(" []\n");
    } else {
      out.push_back('\n');
      // kubectl's layout: a map's list items sit at the key's indentation.
      List(out, value, in_list ? indent + 2 : indent);
    }
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    out.push_back(' ');
    if (emit::IsLiteralBlockSafe(text)) {
      LiteralBlock(out, text, indent + 2);
      return;
    }
    emit::AppendYamlString(out, text);
    out.push_back('\n');
  } else {
    out.push_back(' ');
    out.append(value.dump());  // numbers, true, false, null
    out.push_back('\n');
  }
}

void Map(std::string& out, const Json& map, int indent, bool first_inline) {
  bool inline_key = first_inline;
  for (const auto& [key, value] : Sorted(map)) {
    if (!inline_key) Indent(out, indent);
    inline_key = false;
    if (emit::IsSafePlain(key)) {
      out.append(key);
    } else {
      emit::AppendQuoted(out, key);
    }
    out.push_back(':');
    Value(out, *value, indent, /*in_list=*/false);
  }
}

void List(std::string& out, const Json& list, int indent) {
  for (const Json& item : list) {
    Indent(out, indent);
    out.push_back('-');
    Value(out, item, indent, /*in_list=*/true);
  }
}

}  // namespace

std::string YamlText(const Json& value) {
  std::string out;
  if (value.is_object() && !value.empty()) {
    Map(out, value, 0, false);
  } else if (value.is_array() && !value.empty()) {
    List(out, value, 0);
  } else {
    Value(out, value, 0, false);
    out.erase(0, 1);  // the space that would follow a key
  }
  return out;
}

}  // namespace whisk::kube
