#include "compiler/emit/manifest_yaml.h"

#include <cstdint>
#include <vector>

#include "compiler/emit/yaml_scalar.h"

namespace whisk::emit {
namespace {

using k8s::NodeId;
using k8s::NodeKind;

void Indent(std::string& out, int indent) { out.append(static_cast<size_t>(indent), ' '); }

class YamlWriter {
 public:
  YamlWriter(std::string& out, const k8s::Tree& tree) : out_(out), tree_(tree) {}

  void Map(NodeId map, int indent, bool first_inline) {
    bool inline_key = first_inline;
    for (NodeId child : tree_.children(map)) {
      if (!inline_key) Indent(out_, indent);
      inline_key = false;
      Key(tree_[child].key);
      out_.push_back(':');
      Value(child, indent, /*in_list=*/false);
    }
  }

  void List(NodeId list, int indent) {
    for (NodeId child : tree_.children(list)) {
      Indent(out_, indent);
      out_.push_back('-');
      Value(child, indent, /*in_list=*/true);
    }
  }

 private:
  enum class Form : uint8_t { Plain, Quoted, Block };

  // Most keys are a hundred literals and many values a few shared strings
  // (labels, kinds, protocols), met millions of times: remember each one's
  // form by address. A string stored elsewhere simply misses.
  struct CacheEntry {
    const char* data = nullptr;
    size_t size = 0;
    Form form = Form::Plain;
  };
  static constexpr size_t kCacheSize = 1024;

  Form FormOf(std::string_view text, bool value, std::vector<CacheEntry>& cache) {
    CacheEntry& entry = cache[(reinterpret_cast<uintptr_t>(text.data()) >> 3) % kCacheSize];
    if (entry.data != text.data() || entry.size != text.size() || entry.data == nullptr) {
      Form form = value && IsLiteralBlockSafe(text) ? Form::Block
                  : IsSafePlain(text)               ? Form::Plain
                                                    : Form::Quoted;
      entry = {text.data(), text.size(), form};
    }
    return entry.form;
  }

  void Key(std::string_view key) {
    if (FormOf(key, false, key_cache_) == Form::Plain) {
      out_.append(key);
    } else {
      AppendQuoted(out_, key);
    }
  }

  // Writes what follows `key:` or `-` (the separating space included).
  void Value(NodeId id, int indent, bool in_list) {
    const k8s::Node& node = tree_[id];
    switch (node.kind) {
      case NodeKind::Map:
        if (tree_.empty(id)) {
          out_.append(" {}\n");
        } else if (in_list) {
          out_.push_back(' ');
          Map(id, indent + 2, /*first_inline=*/true);
        } else {
          out_.push_back('\n');
          Map(id, indent + 2, false);
        }
        return;
      case NodeKind::List:
        if (tree_.empty(id)) {
          out_.append(" []\n");
        } else {
          out_.push_back('\n');
          // kubectl's layout: a map's list items sit at the key's indentation.
          List(id, in_list ? indent + 2 : indent);
        }
        return;
      case NodeKind::String:
        out_.push_back(' ');
        switch (FormOf(node.text, true, value_cache_)) {
          case Form::Block:
            LiteralBlock(node.text, indent + 2);
            return;
          case Form::Plain:
            out_.append(node.text);
            break;
          case Form::Quoted:
            AppendQuoted(out_, node.text);
            break;
        }
        out_.push_back('\n');
        return;
      case NodeKind::Null:
      case NodeKind::Bool:
      case NodeKind::Int:
        out_.push_back(' ');
        out_.append(node.text);
        out_.push_back('\n');
        return;
    }
  }

  void LiteralBlock(std::string_view text, int indent) {
    size_t trailing = 0;
    while (trailing < text.size() && text[text.size() - 1 - trailing] == '\n') ++trailing;
    out_.append(trailing == 0 ? "|-\n" : trailing == 1 ? "|\n" : "|+\n");
    size_t begin = 0;
    while (begin < text.size()) {
      size_t end = text.find('\n', begin);
      if (end == std::string_view::npos) end = text.size();
      if (end > begin) {
        Indent(out_, indent);
        out_.append(text.substr(begin, end - begin));
      }
      out_.push_back('\n');
      begin = end + 1;
    }
  }

  std::string& out_;
  const k8s::Tree& tree_;
  std::vector<CacheEntry> key_cache_ = std::vector<CacheEntry>(kCacheSize);
  std::vector<CacheEntry> value_cache_ = std::vector<CacheEntry>(kCacheSize);
};

}  // namespace

bool IsLiteralBlockSafe(std::string_view text) {
  if (text.find('\n') == std::string_view::npos) return false;
  // The first line fixes the block's indentation: it may not start blank.
  if (text.front() == ' ' || text.front() == '\t' || text.front() == '\n') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return false;
    // C1 controls, line separators, noncharacters and a byte order mark
    // would break, vanish or be refused inside a block.
    if (c >= 0x80 && UnprintableAt(text, i) > 0) return false;
  }
  return true;
}

void AppendYamlDocument(std::string& out, const k8s::Tree& tree, k8s::NodeId root) {
  YamlWriter(out, tree).Map(root, 0, false);
}

bool WriteManifestYaml(const k8s::ManifestSet& set, Sink& sink) {
  std::string buffer;
  buffer.reserve(Sink::kChunk + Sink::kChunk / 4);
  YamlWriter writer(buffer, set.tree);
  for (const k8s::Object& object : set.objects) {
    buffer.append("---\n");
    writer.Map(object.root, 0, false);
    if (buffer.size() >= Sink::kChunk && !sink.Flush(buffer)) return false;
  }
  return sink.Flush(buffer);
}

std::string ManifestYaml(const k8s::ManifestSet& set) {
  StringSink sink;
  WriteManifestYaml(set, sink);
  return std::move(sink.text);
}

}  // namespace whisk::emit
