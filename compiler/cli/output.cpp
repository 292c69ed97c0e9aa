#include "compiler/cli/output.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

#include "compiler/emit/manifest_json.h"
#include "compiler/emit/manifest_yaml.h"
#include "compiler/source/file_io.h"

namespace whisk::cli {
namespace {

namespace fs = std::filesystem;

bool IsJson(const Options& options) { return options.format == Format::Json; }

bool Emit(const k8s::ManifestSet& set, bool json, std::FILE* stream) {
  emit::StreamSink sink(stream);
  return json ? emit::WriteManifestJson(set, sink) : emit::WriteManifestYaml(set, sink);
}

/// A file earlier --split runs wrote: replacing it loses nothing of the user's.
bool IsSplitFile(const fs::directory_entry& entry) {
  static const std::regex kName(R"([0-9]{3,}-[a-z]+-[a-z0-9.-]+\.(yaml|json))");
  return entry.is_regular_file() && std::regex_match(entry.path().filename().string(), kName);
}

/// Writes every object into a fresh directory beside `dir`, then puts it in
/// `dir`'s place: a failure halfway leaves the old directory as it was.
bool WriteSplit(const std::string& given, const k8s::ManifestSet& set, bool json,
                std::string* error) {
  std::error_code ec;
  // `out/` (as shell completion writes it) names the directory `out`.
  fs::path target = fs::path(given).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  std::string dir = target.string();
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) {
      *error = fmt::format("--split {}: not a directory", dir);
      return false;
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(target, ec)) {
      if (!IsSplitFile(entry)) {
        *error = fmt::format(
            "--split {}: refusing to replace it, it holds `{}`, which whiskc did not write", dir,
            entry.path().filename().string());
        return false;
      }
    }
  }
  fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string temp = (parent / (target.filename().string() + ".tmp-XXXXXX")).string();
  if (::mkdtemp(temp.data()) == nullptr) {
    *error = fmt::format("--split {}: {}", dir, std::strerror(errno));
    return false;
  }
  auto give_up = [&](std::string message) {
    *error = std::move(message);
    fs::remove_all(temp, ec);
    return false;
  };
  for (size_t i = 0; i < set.objects.size(); ++i) {
    const k8s::Object& object = set.objects[i];
    std::string text;
    if (json) {
      emit::AppendJsonDocument(text, set.tree, object.root);
      text.push_back('\n');
    } else {
      emit::AppendYamlDocument(text, set.tree, object.root);
    }
    fs::path file = fs::path(temp) / SplitFileName(i, set.objects.size(), object, json);
    std::ofstream out(file, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) return give_up(fmt::format("cannot write {}", file.string()));
  }
  ::chmod(temp.c_str(), 0755);
  std::string old = (parent / (target.filename().string() + ".old-XXXXXX")).string();
  bool had_old = fs::exists(target, ec);
  if (had_old && ::mkdtemp(old.data()) == nullptr) {
    return give_up(fmt::format("--split {}: {}", dir, std::strerror(errno)));
  }
  if (had_old && ::rename(dir.c_str(), old.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    fs::remove(old, ec);
    return give_up(fmt::format("--split {}: {}", dir, reason));
  }
  if (::rename(temp.c_str(), dir.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    if (had_old) ::rename(old.c_str(), dir.c_str());
    return give_up(fmt::format("--split {}: {}", dir, reason));
  }
  if (had_old) fs::remove_all(old, ec);
  return true;
}

}  // namespace

std::string SplitFileName(size_t index, size_t count, const k8s::Object& object, bool json) {
  int width = std::max<int>(3, static_cast<int>(std::to_string(count).size()));
  std::string kind(object.kind);
  for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return fmt::format("{:0{}}-{}-{}.{}", index + 1, width, kind, object.name,
                     json ? "json" : "yaml");
}

bool WriteManifests(const Options& options, const k8s::ManifestSet& set, std::string* error) {
  bool json = IsJson(options);
  if (!options.split_dir.empty()) return WriteSplit(options.split_dir, set, json, error);
  if (options.output.empty() || options.output == "-") {
    if (!Emit(set, json, stdout) || std::fflush(stdout) != 0) {
      *error = fmt::format("cannot write the output: {}", std::strerror(errno));
      return false;
    }
    return true;
  }
  AtomicFile file;
  std::string reason;
  bool ok = file.Open(options.output, &reason);
  if (ok && !Emit(set, json, file.stream())) reason = std::strerror(errno), ok = false;
  if (ok) ok = file.Commit(&reason);
  if (!ok) *error = fmt::format("cannot write {}: {}", options.output, reason);
  return ok;
}

}  // namespace whisk::cli
