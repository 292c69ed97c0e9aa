#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/cli/options.h"
#include "compiler/cli/output.h"
#include "compiler/emit/manifest_json.h"
#include "compiler/emit/manifest_yaml.h"
#include "compiler/lower/kube_version.h"
#include "compiler/lower/manifest.h"
#include "compiler/source/file_io.h"
#include "tests/unit/parse_args.h"

namespace whisk::cli {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- options

using test_support::Parse;
using test_support::Parsed;

TEST(CliOutput, ParseCompileWithShortOutput) {
  Parsed p = Parse({"compile", "shop.ow", "-o", "out.yaml"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_EQ(p.options->command, Command::Compile);
  EXPECT_EQ(p.options->file, "shop.ow");
  EXPECT_EQ(p.options->output, "out.yaml");
  EXPECT_TRUE(p.options->split_dir.empty());
  EXPECT_FALSE(p.options->format.has_value());
  EXPECT_TRUE(p.options->kube_version.empty());
}

TEST(CliOutput, ParseCompileWithInlineOutput) {
  Parsed p = Parse({"--output=dir/out.yaml", "compile", "shop.ow"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_EQ(p.options->command, Command::Compile);
  EXPECT_EQ(p.options->output, "dir/out.yaml");
  Parsed q = Parse({"compile", "--output", "x.yaml", "shop.ow"});
  ASSERT_TRUE(q.options) << q.error;
  EXPECT_EQ(q.options->output, "x.yaml");
  EXPECT_EQ(q.options->file, "shop.ow");
}

TEST(CliOutput, ParseCompileSplitFormatAndKubeVersion) {
  Parsed p = Parse(
      {"compile", "shop.ow", "--split", "manifests", "--format", "json", "--kube-version", "1.30"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_EQ(p.options->split_dir, "manifests");
  EXPECT_TRUE(p.options->output.empty());
  ASSERT_TRUE(p.options->format.has_value());
  EXPECT_EQ(*p.options->format, Format::Json);
  EXPECT_EQ(p.options->kube_version, "1.30");

  Parsed q = Parse({"compile", "shop.ow", "--split=m", "--format=yaml", "--kube-version=v1.31.2"});
  ASSERT_TRUE(q.options) << q.error;
  EXPECT_EQ(q.options->split_dir, "m");
  EXPECT_EQ(*q.options->format, Format::Yaml);
  EXPECT_EQ(q.options->kube_version, "v1.31.2");
}

TEST(CliOutput, ParseGraphFormats) {
  Parsed dot = Parse({"graph", "shop.ow", "--format", "dot"});
  ASSERT_TRUE(dot.options) << dot.error;
  EXPECT_EQ(dot.options->command, Command::Graph);
  EXPECT_EQ(*dot.options->format, Format::Dot);
  Parsed mermaid = Parse({"graph", "shop.ow", "--format=mermaid"});
  ASSERT_TRUE(mermaid.options) << mermaid.error;
  EXPECT_EQ(*mermaid.options->format, Format::Mermaid);
}

TEST(CliOutput, OutputWithCheckIsAUsageError) {
  Parsed p = Parse({"check", "shop.ow", "-o", "out.yaml"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.error, "-o, --split and --kube-version apply to `compile` only");
  Parsed split = Parse({"graph", "shop.ow", "--split", "d"});
  EXPECT_FALSE(split.options);
  EXPECT_EQ(split.error, "-o, --split and --kube-version apply to `compile` only");
  Parsed version = Parse({"check", "shop.ow", "--kube-version", "1.30"});
  EXPECT_FALSE(version.options);
  EXPECT_EQ(version.error, "-o, --split and --kube-version apply to `compile` only");
}

TEST(CliOutput, FormatDotWithCompileIsAUsageError) {
  Parsed p = Parse({"compile", "shop.ow", "--format", "dot"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.error, "`compile` writes --format yaml or json");
  Parsed mermaid = Parse({"compile", "shop.ow", "--format=mermaid"});
  EXPECT_FALSE(mermaid.options);
  EXPECT_EQ(mermaid.error, "`compile` writes --format yaml or json");
}

TEST(CliOutput, FormatYamlWithGraphIsAUsageError) {
  Parsed p = Parse({"graph", "shop.ow", "--format", "yaml"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.error, "`graph` writes --format dot or mermaid");
  Parsed json = Parse({"graph", "shop.ow", "--format", "json"});
  EXPECT_FALSE(json.options);
  EXPECT_EQ(json.error, "`graph` writes --format dot or mermaid");
  Parsed check = Parse({"check", "shop.ow", "--format", "yaml"});
  EXPECT_FALSE(check.options);
  EXPECT_EQ(check.error, "--format applies to `compile` and `graph` only");
}

TEST(CliOutput, OutputAndSplitTogetherIsAUsageError) {
  Parsed p = Parse({"compile", "shop.ow", "-o", "out.yaml", "--split", "dir"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.error, "choose one of -o and --split");
}

TEST(CliOutput, UnknownFormatIsAUsageError) {
  Parsed p = Parse({"compile", "shop.ow", "--format", "xml"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.error, "--format expects yaml, json, dot or mermaid, not `xml`");
  Parsed missing = Parse({"compile", "shop.ow", "--format"});
  EXPECT_FALSE(missing.options);
  EXPECT_EQ(missing.error, "option `--format` needs a value");
}

// An unknown format is an error even when an earlier --format was valid.
TEST(CliOutput, UnknownFormatAfterAValidOneIsAUsageError) {
  Parsed p = Parse({"compile", "shop.ow", "--format", "yaml", "--format", "xml"});
  EXPECT_FALSE(p.options) << "`--format xml` was accepted after `--format yaml`";
  EXPECT_EQ(p.error, "--format expects yaml, json, dot or mermaid, not `xml`");
}

TEST(CliOutput, UnknownCommandSuggestsTheClosest) {
  Parsed p = Parse({"compil", "shop.ow"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.error, "unknown command `compil`; did you mean `compile`?");
  Parsed far = Parse({"frobnicate", "shop.ow"});
  EXPECT_FALSE(far.options);
  EXPECT_EQ(far.error, "unknown command `frobnicate`");
  Parsed option = Parse({"compile", "shop.ow", "--outptu", "x"});
  EXPECT_FALSE(option.options);
  EXPECT_EQ(option.error, "unknown option `--outptu`; did you mean `--output`?");
  Parsed value = Parse({"compile", "shop.ow", "-o"});
  EXPECT_FALSE(value.options);
  EXPECT_EQ(value.error, "option `-o` needs a value");
}

// ----------------------------------------------------------- kube version

TEST(KubeVersion, ParsesReleases) {
  std::string error;
  std::optional<lower::KubeVersion> v130 = lower::KubeVersion::Parse("1.30", &error);
  ASSERT_TRUE(v130) << error;
  EXPECT_EQ(v130->major, 1);
  EXPECT_EQ(v130->minor, 30);
  EXPECT_EQ(v130->ToString(), "1.30");
  EXPECT_TRUE(v130->AtLeast(30));
  EXPECT_FALSE(v130->AtLeast(31));

  std::optional<lower::KubeVersion> v131 = lower::KubeVersion::Parse("v1.31.2", &error);
  ASSERT_TRUE(v131) << error;
  EXPECT_EQ(v131->major, 1);
  EXPECT_EQ(v131->minor, 31);
  EXPECT_EQ(v131->ToString(), "1.31");

  std::optional<lower::KubeVersion> oldest = lower::KubeVersion::Parse("1.23", &error);
  ASSERT_TRUE(oldest) << error;
  EXPECT_EQ(oldest->minor, lower::KubeVersion::kOldestMinor);
  EXPECT_EQ(lower::KubeVersion::Default().ToString(), "1.32");
}

TEST(KubeVersion, RefusesTooOld) {
  std::string error;
  EXPECT_FALSE(lower::KubeVersion::Parse("1.22", &error));
  EXPECT_EQ(error, "--kube-version 1.22 is too old: whiskc writes manifests for 1.23 and later");
}

TEST(KubeVersion, RefusesMalformed) {
  for (std::string_view text : {"1.x", "", "1", "1.", "v", "1.30.", "1.30.x", "1.30 ", " 1.30",
                                "1,30", "x1.30", "V1.30", "1.30.2.1", "1.99999999999999"}) {
    std::string error;
    EXPECT_FALSE(lower::KubeVersion::Parse(text, &error)) << text;
    EXPECT_EQ(error,
              "--kube-version expects a release like `1.30`, not `" + std::string(text) + "`")
        << text;
  }
}

TEST(KubeVersion, RefusesMajorTwo) {
  std::string error;
  EXPECT_FALSE(lower::KubeVersion::Parse("2.0", &error));
  EXPECT_FALSE(error.empty());
  EXPECT_NE(error.find("2.0"), std::string::npos) << error;
}

// 2.0 is not "too old": saying so misleads.
TEST(KubeVersion, MajorTwoIsNotCalledTooOld) {
  std::string error;
  EXPECT_FALSE(lower::KubeVersion::Parse("2.0", &error));
  EXPECT_EQ(error.find("too old"), std::string::npos) << error;
  EXPECT_FALSE(lower::KubeVersion::Parse("2.40", &error));
  EXPECT_EQ(error.find("too old"), std::string::npos) << error;
}

// ---------------------------------------------------------------- output

k8s::Object MakeObject(k8s::Tree& tree, std::string_view kind, std::string_view name) {
  k8s::Object object;
  object.api_version = "v1";
  object.kind = kind;
  object.name = tree.Intern(name);
  object.root = tree.Map();
  return object;
}

TEST(CliOutput, SplitFileNamePadsAndLowercases) {
  k8s::Tree tree;
  k8s::Object deployment = MakeObject(tree, "Deployment", "shop-api");
  EXPECT_EQ(SplitFileName(0, 1, deployment, false), "001-deployment-shop-api.yaml");
  EXPECT_EQ(SplitFileName(6, 12, deployment, false), "007-deployment-shop-api.yaml");
  EXPECT_EQ(SplitFileName(998, 999, deployment, false), "999-deployment-shop-api.yaml");
  EXPECT_EQ(SplitFileName(0, 1000, deployment, false), "0001-deployment-shop-api.yaml");
  EXPECT_EQ(SplitFileName(999, 1000, deployment, false), "1000-deployment-shop-api.yaml");
  EXPECT_EQ(SplitFileName(41, 12345, deployment, true), "00042-deployment-shop-api.json");
  k8s::Object binding = MakeObject(tree, "ClusterRoleBinding", "shop-reader");
  EXPECT_EQ(SplitFileName(2, 3, binding, true), "003-clusterrolebinding-shop-reader.json");
  k8s::Object hpa = MakeObject(tree, "HorizontalPodAutoscaler", "api");
  EXPECT_EQ(SplitFileName(9, 10, hpa, false), "010-horizontalpodautoscaler-api.yaml");
}

/// A fresh temporary directory, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "whisk-output-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Spit(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

/// The names in `dir`, sorted.
std::set<std::string> Listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

/// A set of `count` ConfigMaps, each with a payload that tells them apart.
k8s::ManifestSet MakeSet(size_t count, std::string_view tag = "") {
  k8s::ManifestSet set;
  for (size_t i = 0; i < count; ++i) {
    std::string name = "cm-" + std::to_string(i);
    k8s::Object object = MakeObject(set.tree, i % 2 == 0 ? "ConfigMap" : "Secret", name);
    k8s::Tree& t = set.tree;
    t.SetString(object.root, "apiVersion", "v1");
    t.SetString(object.root, "kind", object.kind);
    k8s::NodeId metadata = t.SetMap(object.root, "metadata");
    t.SetString(metadata, "name", name);
    k8s::NodeId data = t.SetMap(object.root, "data");
    t.SetString(data, "tag", std::string(tag) + std::to_string(i));
    t.SetString(data, "script", "echo " + std::to_string(i) + "\nexit 0\n");
    set.objects.push_back(object);
  }
  return set;
}

Options CompileOptions() {
  Options options;
  options.command = Command::Compile;
  options.file = "shop.ow";
  return options;
}

TEST(CliOutput, WritesOutputFile) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  k8s::ManifestSet set = MakeSet(3);
  Options options = CompileOptions();
  options.output = (temp.path() / "out.yaml").string();
  std::string error;
  ASSERT_TRUE(WriteManifests(options, set, &error)) << error;
  EXPECT_EQ(Slurp(temp.path() / "out.yaml"), emit::ManifestYaml(set));
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"out.yaml"});  // no temporary left
  EXPECT_EQ(fs::status(temp.path() / "out.yaml").permissions() & fs::perms::owner_read,
            fs::perms::owner_read);

  options.format = Format::Json;
  options.output = (temp.path() / "out.json").string();
  ASSERT_TRUE(WriteManifests(options, set, &error)) << error;
  EXPECT_EQ(Slurp(temp.path() / "out.json"), emit::ManifestJson(set));
  EXPECT_EQ(Listing(temp.path()), (std::set<std::string>{"out.json", "out.yaml"}));
}

TEST(CliOutput, OutputIntoAMissingDirectoryFailsAndLeavesNothing) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  Options options = CompileOptions();
  options.output = (temp.path() / "missing" / "out.yaml").string();
  std::string error;
  EXPECT_FALSE(WriteManifests(options, MakeSet(2), &error));
  EXPECT_NE(error.find(options.output), std::string::npos) << error;
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
  EXPECT_TRUE(Listing(temp.path()).empty());
  EXPECT_FALSE(fs::exists(temp.path() / "missing"));
}

TEST(CliOutput, ExistingOutputFileIsReplacedWholesale) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path out = temp.path() / "out.yaml";
  std::string old(200000, 'Z');  // longer than the new contents
  Spit(out, old);
  k8s::ManifestSet set = MakeSet(1);
  Options options = CompileOptions();
  options.output = out.string();
  std::string error;
  ASSERT_TRUE(WriteManifests(options, set, &error)) << error;
  std::string written = Slurp(out);
  EXPECT_EQ(written, emit::ManifestYaml(set));
  EXPECT_EQ(written.find('Z'), std::string::npos);
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"out.yaml"});
}

TEST(CliOutput, SplitWritesOneFilePerObject) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path dir = temp.path() / "manifests";
  k8s::ManifestSet set = MakeSet(3);
  Options options = CompileOptions();
  options.split_dir = dir.string();
  std::string error;
  ASSERT_TRUE(WriteManifests(options, set, &error)) << error;
  EXPECT_EQ(Listing(dir), (std::set<std::string>{"001-configmap-cm-0.yaml", "002-secret-cm-1.yaml",
                                                 "003-configmap-cm-2.yaml"}));
  for (size_t i = 0; i < set.objects.size(); ++i) {
    std::string document;
    emit::AppendYamlDocument(document, set.tree, set.objects[i].root);
    EXPECT_EQ(Slurp(dir / SplitFileName(i, 3, set.objects[i], false)), document);
  }
  // Nothing left beside it: no temporary or old directories.
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"manifests"});
}

TEST(CliOutput, SecondSplitReplacesTheDirectory) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path dir = temp.path() / "manifests";
  Options options = CompileOptions();
  options.split_dir = dir.string();
  std::string error;
  ASSERT_TRUE(WriteManifests(options, MakeSet(4, "first-"), &error)) << error;
  ASSERT_EQ(Listing(dir).size(), 4u);

  k8s::ManifestSet second = MakeSet(2, "second-");
  ASSERT_TRUE(WriteManifests(options, second, &error)) << error;
  EXPECT_EQ(Listing(dir),
            (std::set<std::string>{"001-configmap-cm-0.yaml", "002-secret-cm-1.yaml"}));
  std::string document;
  emit::AppendYamlDocument(document, second.tree, second.objects[1].root);
  EXPECT_EQ(Slurp(dir / "002-secret-cm-1.yaml"), document);
  EXPECT_NE(document.find("second-1"), std::string::npos);
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"manifests"});
}

TEST(CliOutput, SplitRefusesADirectoryWithAForeignFile) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path dir = temp.path() / "manifests";
  Options options = CompileOptions();
  options.split_dir = dir.string();
  std::string error;
  ASSERT_TRUE(WriteManifests(options, MakeSet(2, "first-"), &error)) << error;
  std::string first_doc = Slurp(dir / "001-configmap-cm-0.yaml");
  Spit(dir / "notes.txt", "my notes\n");

  error.clear();
  EXPECT_FALSE(WriteManifests(options, MakeSet(1, "second-"), &error));
  EXPECT_NE(error.find("notes.txt"), std::string::npos) << error;
  EXPECT_NE(error.find(dir.string()), std::string::npos) << error;
  EXPECT_EQ(Listing(dir), (std::set<std::string>{"001-configmap-cm-0.yaml", "002-secret-cm-1.yaml",
                                                 "notes.txt"}));
  EXPECT_EQ(Slurp(dir / "notes.txt"), "my notes\n");
  EXPECT_EQ(Slurp(dir / "001-configmap-cm-0.yaml"), first_doc);
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"manifests"});
}

TEST(CliOutput, SplitRefusesADirectoryWithAForeignSubdirectory) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path dir = temp.path() / "manifests";
  fs::create_directories(dir / "001-configmap-keep.yaml");  // a directory, named like ours
  Options options = CompileOptions();
  options.split_dir = dir.string();
  std::string error;
  EXPECT_FALSE(WriteManifests(options, MakeSet(1), &error));
  EXPECT_NE(error.find("001-configmap-keep.yaml"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_directory(dir / "001-configmap-keep.yaml"));
}

TEST(CliOutput, SplitRefusesAFile) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path file = temp.path() / "manifests";
  Spit(file, "not a directory\n");
  Options options = CompileOptions();
  options.split_dir = file.string();
  std::string error;
  EXPECT_FALSE(WriteManifests(options, MakeSet(1), &error));
  EXPECT_EQ(error, "--split " + file.string() + ": not a directory");
  EXPECT_EQ(Slurp(file), "not a directory\n");
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"manifests"});
}

TEST(CliOutput, SplitJsonWritesJsonFiles) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path dir = temp.path() / "manifests";
  k8s::ManifestSet set = MakeSet(2);
  Options options = CompileOptions();
  options.split_dir = dir.string();
  options.format = Format::Json;
  std::string error;
  ASSERT_TRUE(WriteManifests(options, set, &error)) << error;
  EXPECT_EQ(Listing(dir),
            (std::set<std::string>{"001-configmap-cm-0.json", "002-secret-cm-1.json"}));
  for (size_t i = 0; i < set.objects.size(); ++i) {
    std::string document;
    emit::AppendJsonDocument(document, set.tree, set.objects[i].root);
    EXPECT_EQ(Slurp(dir / SplitFileName(i, 2, set.objects[i], true)), document + "\n");
  }
  // A later YAML run replaces the JSON files: they are whiskc's own.
  options.format = Format::Yaml;
  ASSERT_TRUE(WriteManifests(options, set, &error)) << error;
  EXPECT_EQ(Listing(dir),
            (std::set<std::string>{"001-configmap-cm-0.yaml", "002-secret-cm-1.yaml"}));
}

TEST(CliOutput, SplitWithNoObjectsMakesAnEmptyDirectory) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path dir = temp.path() / "manifests";
  Options options = CompileOptions();
  options.split_dir = dir.string();
  std::string error;
  ASSERT_TRUE(WriteManifests(options, k8s::ManifestSet{}, &error)) << error;
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(Listing(dir).empty());
}

// `--split manifests/` (a trailing slash, as shell completion writes it) names
// the same directory as `--split manifests`.
TEST(CliOutput, SplitDirectoryWithATrailingSlash) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path dir = temp.path() / "manifests";
  Options options = CompileOptions();
  options.split_dir = dir.string() + "/";
  std::string error;
  EXPECT_TRUE(WriteManifests(options, MakeSet(2), &error)) << error;
  EXPECT_TRUE(fs::is_directory(dir));
  // And once it exists, a second run replaces it.
  EXPECT_TRUE(WriteManifests(options, MakeSet(1), &error)) << error;
  if (fs::is_directory(dir)) {
    EXPECT_EQ(Listing(dir), std::set<std::string>{"001-configmap-cm-0.yaml"});
  }
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"manifests"});
}

// With the directory already there from an earlier run, `--split manifests/`
// replaces it too, and leaves nothing behind inside it or beside it.
TEST(CliOutput, SplitIntoAnExistingDirectoryWithATrailingSlash) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path dir = temp.path() / "manifests";
  Options options = CompileOptions();
  options.split_dir = dir.string();
  std::string error;
  ASSERT_TRUE(WriteManifests(options, MakeSet(3), &error)) << error;

  options.split_dir = dir.string() + "/";
  EXPECT_TRUE(WriteManifests(options, MakeSet(1), &error)) << error;
  EXPECT_EQ(Listing(dir), std::set<std::string>{"001-configmap-cm-0.yaml"});
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"manifests"});

  // Whatever happened, a plain `--split manifests` still works afterwards.
  options.split_dir = dir.string();
  EXPECT_TRUE(WriteManifests(options, MakeSet(2), &error)) << error;
  EXPECT_EQ(Listing(dir),
            (std::set<std::string>{"001-configmap-cm-0.yaml", "002-secret-cm-1.yaml"}));
}

// ------------------------------------------------------------ atomic file

TEST(CliOutput, AtomicFileUncommittedLeavesTargetUntouched) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path target = temp.path() / "target.yaml";
  Spit(target, "original\n");
  {
    AtomicFile file;
    std::string error;
    ASSERT_TRUE(file.Open(target.string(), &error)) << error;
    ASSERT_NE(file.stream(), nullptr);
    std::fputs("half-written", file.stream());
    std::fflush(file.stream());
    EXPECT_EQ(Listing(temp.path()).size(), 2u);  // the target and a temporary file
    EXPECT_EQ(Slurp(target), "original\n");
  }
  EXPECT_EQ(Slurp(target), "original\n");
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"target.yaml"});

  // And with no target at all, nothing appears.
  fs::path fresh = temp.path() / "fresh.yaml";
  {
    AtomicFile file;
    std::string error;
    ASSERT_TRUE(file.Open(fresh.string(), &error)) << error;
    std::fputs("data", file.stream());
  }
  EXPECT_FALSE(fs::exists(fresh));
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"target.yaml"});
}

TEST(CliOutput, AtomicFileCommitReplacesTarget) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::path target = temp.path() / "target.yaml";
  Spit(target, "original, and longer than the new text\n");
  AtomicFile file;
  std::string error;
  ASSERT_TRUE(file.Open(target.string(), &error)) << error;
  std::fputs("new\n", file.stream());
  ASSERT_TRUE(file.Commit(&error)) << error;
  EXPECT_EQ(Slurp(target), "new\n");
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"target.yaml"});

  ASSERT_TRUE(WriteFileAtomic(target.string(), "again", &error)) << error;
  EXPECT_EQ(Slurp(target), "again");
  EXPECT_FALSE(WriteFileAtomic((temp.path() / "no" / "such").string(), "x", &error));
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(Listing(temp.path()), std::set<std::string>{"target.yaml"});
}

}  // namespace
}  // namespace whisk::cli
