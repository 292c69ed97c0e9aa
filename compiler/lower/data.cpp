// ConfigMaps and Secrets: the topology's `config` and `secret` blocks, and one
// ConfigMap per `files` property of a component.
#include <fmt/format.h>

#include <filesystem>

#include "compiler/lower/lowerer.h"
#include "compiler/source/base64.h"
#include "compiler/source/file_io.h"

namespace whisk::lower {
namespace {


/// ConfigMap and Secret keys: letters, digits, `-`, `_` and `.`, at most 253.
bool IsDataKey(std::string_view key) {
  if (key.empty() || key.size() > 253 || key == "." || key == "..") return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

/// The entries of one ConfigMap or Secret on their way into the tree.
class DataWriter {
 public:
  DataWriter(k8s::Tree& tree, NodeId root, bool secret, Diagnostics& diags)
      : tree_(tree), root_(root), secret_(secret), diags_(diags) {}

  void Add(std::string_view key, std::string_view value, Span span) {
    if (!IsDataKey(key)) {
      diags_
          .Report(DiagCode::InvalidDataKey, span,
                  fmt::format("`{}` is not a valid {} key", key, secret_ ? "Secret" : "ConfigMap"))
          .Note("keys are letters, digits, `-`, `_` and `.`, at most 253 characters");
      return;
    }
    for (const auto& [seen, seen_span] : keys_) {
      if (seen == key) {
        Diagnostic& d = diags_.Report(DiagCode::InvalidDataKey, span,
                                      fmt::format("key `{}` appears twice", key));
        if (seen_span != span) d.With(seen_span, "first here");
        return;
      }
    }
    keys_.emplace_back(std::string(key), span);
    hash_.Add(key);
    hash_.Add(value);
    bool text = ValidUtf8Prefix(value) == value.size();
    if (secret_ || !text) {
      k8s::Key section = secret_ ? k8s::Key("data") : k8s::Key("binaryData");
      NodeId map = tree_.FindOrAddMap(root_, section);
      tree_.Set(map, k8s::Key::Interned(tree_.Intern(key)), tree_.String(EncodeBase64(value)));
    } else {
      NodeId map = tree_.FindOrAddMap(root_, "data");
      tree_.Set(map, k8s::Key::Interned(tree_.Intern(key)), tree_.String(value));
    }
  }

  /// A fingerprint of every key and value added.
  uint64_t hash() const { return hash_.value(); }

 private:
  k8s::Tree& tree_;
  NodeId root_;
  bool secret_;
  Diagnostics& diags_;
  std::vector<std::pair<std::string, Span>> keys_;
  ContentHash hash_;
};

}  // namespace

/// The contents of a file named in the source, or nullopt after a diagnostic.
static std::optional<std::string> ReadSourceFile(const std::string& path, Span span,
                                                 Diagnostics& diags) {
  std::string error;
  std::optional<std::string> contents = ReadFile(path, &error);
  if (!contents) {
    diags.Report(DiagCode::FileUnreadable, span, fmt::format("cannot read `{}`: {}", path, error))
        .Help("paths are relative to the directory of the `.ow` file that names them");
  }
  return contents;
}

void Lowerer::LowerData(sema::DataId id) {
  const sema::DataObject& data = program_.data[id.value];
  if (data.made_by.valid()) {
    // Its component makes it at run time; pods may still refer to it.
    verifier_.Expect(data.secret ? "Secret" : "ConfigMap", tree_.Intern(DataName(id)));
    return;
  }
  NewObjectResult object =
      NewObject(k8s::Stage::Config, 0, "v1", data.secret ? "Secret" : "ConfigMap", DataName(id),
                data.span, ComponentId{});
  if (data.secret) tree_.SetString(object.root, "type", "Opaque");
  DataWriter writer(tree_, object.root, data.secret, diags_);
  for (const sema::DataEntry& entry : data.entries) {
    if (entry.value) {
      writer.Add(entry.key, Render(*entry.value), entry.span);
    } else if (auto contents = ReadSourceFile(entry.file, entry.span, diags_)) {
      writer.Add(entry.key, *contents, entry.span);
    }
  }
  if (!data.secret) data_hash_[id.value] = writer.hash();
}

std::string Lowerer::FilesName(ComponentId id, size_t index) const {
  return index == 0 ? std::string(info_[id.value].name) + "-files"
                    : fmt::format("{}-files-{}", info_[id.value].name, index + 1);
}

void Lowerer::LowerFiles(ComponentId id) {
  const sema::Component& c = program_[id];
  for (size_t i = 0; i < c.files.size(); ++i) {
    const sema::Files& files = c.files[i];
    NewObjectResult object = NewObject(k8s::Stage::Config, Rank(id), "v1", "ConfigMap",
                                       FilesName(id, i), files.span, id);
    DataWriter writer(tree_, object.root, false, diags_);
    for (const std::string& source : files.sources) {
      if (auto contents = ReadSourceFile(source, files.span, diags_)) {
        writer.Add(std::filesystem::path(source).filename().string(), *contents, files.span);
      }
    }
    info_[id.value].config_hash.Add(writer.hash());
  }
}

}  // namespace whisk::lower
