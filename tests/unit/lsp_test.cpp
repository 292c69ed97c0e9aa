// The pieces of `whiskc lsp` (compiler/lsp) one by one; tests/lsp drives the whole server
// with a real LSP client.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/lsp/features.h"
#include "compiler/lsp/framing.h"
#include "compiler/lsp/positions.h"
#include "compiler/lsp/workspace.h"

namespace whisk::lsp {
namespace {

namespace fs = std::filesystem;

TEST(LspPositions, Utf16CountsCodeUnitsUtf8CountsBytes) {
  // "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 units.
  std::string text = "a\n// é𝄞 x\nlast";
  size_t x = text.find(" x") + 1;
  EXPECT_EQ(PositionOf(text, x, Encoding::Utf16).character, 7u);  // "// " + é + 𝄞(2) + " "
  EXPECT_EQ(PositionOf(text, x, Encoding::Utf8).character, 10u);
  EXPECT_EQ(PositionOf(text, x, Encoding::Utf16).line, 1u);
  EXPECT_EQ(OffsetOf(text, {1, 7}, Encoding::Utf16), x);
  EXPECT_EQ(OffsetOf(text, {1, 10}, Encoding::Utf8), x);
  // Past the end of a line: its end; past the last line: the end of the text.
  EXPECT_EQ(OffsetOf(text, {0, 99}, Encoding::Utf16), 1u);
  EXPECT_EQ(OffsetOf(text, {9, 0}, Encoding::Utf16), text.size());
  // A CRLF line ends before its `\r`: an edit past its end keeps the line break whole.
  EXPECT_EQ(OffsetOf("ab\r\ncd", {0, 9}, Encoding::Utf16), 2u);
}

TEST(LspPositions, FileUrisRoundTripWithEscapes) {
  std::string uri = UriOf("/tmp/a dir/ünï.ow");
  EXPECT_EQ(uri, "file:///tmp/a%20dir/%C3%BCn%C3%AF.ow");
  EXPECT_EQ(PathOf(uri), "/tmp/a dir/ünï.ow");
  EXPECT_EQ(PathOf("file://localhost/x/y.ow"), "/x/y.ow");
  EXPECT_EQ(PathOf("untitled:Untitled-1"), "");
}

TEST(LspFraming, ReadsMessagesSkipsGarbageAndEndsAtEof) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::string input =
      "Content-Length: 2\r\n\r\n{}"
      "garbage line\r\nContent-Type: x\r\nContent-Length: 4\r\n\r\n[1] "
      "X-Other: 1\r\n\r\n"
      "Content-Length: 10\r\n\r\nshort";
  ASSERT_EQ(write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  close(fds[1]);
  MessageReader reader(fds[0]);
  std::string body;
  EXPECT_EQ(reader.Next(&body), MessageReader::Status::Message);
  EXPECT_EQ(body, "{}");
  EXPECT_EQ(reader.Next(&body), MessageReader::Status::Message);
  EXPECT_EQ(body, "[1] ");
  EXPECT_EQ(reader.Next(&body), MessageReader::Status::Malformed);  // no Content-Length
  EXPECT_EQ(reader.Next(&body), MessageReader::Status::End);        // the body never came
  close(fds[0]);
}

class LspWorkspace : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("whisk-lsp-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "lib.ow") << "template service web(port_number: int = 80) {\n"
                                      "  image \"nginx:1\"\n  port http port_number\n}\n";
    uri_ = UriOf((dir_ / "main.ow").string());
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// The byte offset of the `n`-th `needle` in `text`, plus `delta`.
  static uint32_t At(const std::string& text, const std::string& needle, int delta = 0) {
    return static_cast<uint32_t>(text.find(needle) + delta);
  }

  fs::path dir_;
  std::string uri_;
  Workspace workspace_;
};

constexpr const char* kMain =
    "topology t {\n  namespace \"n\"\n}\n"
    "import \"lib\"\n"
    "param replicas: int = 2\n"
    "use web(port_number = 8080) as front {\n  replicas replicas\n}\n"
    "service api {\n  image \"api:1\"\n  port grpc 9000\n  needs front\n"
    "  env FRONT = \"${front.port.http}\"\n  ready tcp grpc\n}\n";

TEST_F(LspWorkspace, ResolvesNamesAcrossFilesFromUnsavedText) {
  ASSERT_TRUE(workspace_.Open(uri_, kMain));  // main.ow exists only in the editor
  const Analysis* a = workspace_.AnalysisOf(uri_);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->diags.has_errors());
  std::string text = kMain;
  std::optional<FileId> main = a->FileOf((dir_ / "main.ow").string());
  ASSERT_TRUE(main);
  const SymbolIndex& index = *a->index;
  auto symbol_at = [&](uint32_t offset) -> const Symbol* {
    const Occurrence* o = index.At(*main, offset);
    return o ? &index.symbols()[o->symbol] : nullptr;
  };
  // `needs front` → the use; `web` → the template in lib.ow; a template argument → its
  // parameter; `${front.port.http}` → the template's port; `ready tcp grpc` → the own port.
  const Symbol* front = symbol_at(At(text, "needs front", 7));
  ASSERT_TRUE(front);
  EXPECT_EQ(front->kind, Symbol::Kind::Component);
  EXPECT_EQ(front->name, "front");
  const Symbol* web = symbol_at(At(text, "use web", 5));
  ASSERT_TRUE(web);
  EXPECT_EQ(web->kind, Symbol::Kind::Template);
  EXPECT_EQ(a->sources.path(web->name_span.file), (dir_ / "lib.ow").string());
  const Symbol* argument = symbol_at(At(text, "port_number =", 1));
  ASSERT_TRUE(argument);
  EXPECT_EQ(argument->kind, Symbol::Kind::TemplateParam);
  const Symbol* http = symbol_at(At(text, "port.http", 6));
  ASSERT_TRUE(http);
  EXPECT_EQ(http->kind, Symbol::Kind::Port);
  EXPECT_EQ(http->name, "http");
  const Symbol* grpc = symbol_at(At(text, "tcp grpc", 5));
  ASSERT_TRUE(grpc);
  EXPECT_EQ(grpc->kind, Symbol::Kind::Port);
  const Symbol* replicas = symbol_at(At(text, "replicas replicas", 10));
  ASSERT_TRUE(replicas);
  EXPECT_EQ(replicas->kind, Symbol::Kind::Param);
  // References of `front`: its declaration, `needs front` and the interpolation.
  const Occurrence* decl = index.At(*main, At(text, "as front", 4));
  ASSERT_TRUE(decl);
  EXPECT_EQ(index.OccurrencesOf(decl->symbol).size(), 3u);

  // Hover on the use: the kind, the template, the resolved image and the port.
  Json hover = Hover(*a, *main, At(text, "needs front", 7), Encoding::Utf16);
  std::string markdown = hover["contents"]["value"];
  EXPECT_NE(markdown.find("**service** `front` (template `web`)"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("image `nginx:1`"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("`http` 8080"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("needed by: `api`"), std::string::npos) << markdown;
}

TEST_F(LspWorkspace, DiagnosticsFollowEditsAndAModuleAloneHasNoMissingTopology) {
  ASSERT_TRUE(workspace_.Open(uri_, kMain));
  std::string text = kMain;
  size_t at = text.find("needs front") + 6;
  Position start = PositionOf(text, at, Encoding::Utf16);
  Position end = PositionOf(text, at + 5, Encoding::Utf16);
  ASSERT_TRUE(workspace_.Edit(uri_, {Change{std::make_pair(start, end), "frnt"}}, Encoding::Utf16));
  std::map<std::string, Json> by_uri = DiagnosticsByUri(*workspace_.AnalysisOf(uri_), Encoding::Utf16);
  // The error, and the warning that `front` (now needed through the interpolation alone)
  // declares no readiness, as `whiskc check` reports them.
  ASSERT_EQ(by_uri[uri_].size(), 2u);
  const Json& error = by_uri[uri_][0];
  EXPECT_EQ(error["code"], "E0201");
  EXPECT_EQ(error["severity"], 1);
  EXPECT_EQ(error["range"]["start"]["line"], start.line);
  EXPECT_EQ(error["range"]["start"]["character"], start.character);
  EXPECT_NE(error["message"].get<std::string>().find("did you mean `front`"), std::string::npos);
  EXPECT_EQ(by_uri[uri_][1]["code"], "W0502");
  EXPECT_EQ(by_uri[uri_][1]["severity"], 2);
  EXPECT_EQ(by_uri[uri_][1]["relatedInformation"][0]["message"], "`front` declared here");

  // The imported module, opened beside its topology, is read as the topology reads it (its
  // use of the topology's param `replicas` is no unknown name); opened alone, it is not told
  // that it has no topology.
  std::string lib_uri = UriOf((dir_ / "lib.ow").string());
  std::string lib = "template service web(port_number: int = 80) {\n  image \"nginx:1\"\n"
                    "  port http port_number\n  replicas replicas\n}\n";
  ASSERT_TRUE(workspace_.Open(lib_uri, lib));
  const Analysis* shared = workspace_.AnalysisOf(lib_uri);
  EXPECT_EQ(shared, workspace_.AnalysisOf(uri_));
  EXPECT_EQ(DiagnosticsByUri(*shared, Encoding::Utf16).count(lib_uri), 0u);
  workspace_.Close(uri_);
  std::map<std::string, Json> alone = DiagnosticsByUri(*workspace_.AnalysisOf(lib_uri), Encoding::Utf16);
  for (const auto& [uri, list] : alone) {
    for (const Json& d : list) EXPECT_NE(d["code"], "E0206") << d.dump();
  }
}

TEST_F(LspWorkspace, OnlyValuesMayBeATemplatesParameters) {
  // In a template, `conf` and `fast` are parameters, but `mount`, `env from config`,
  // `config X.key` and `place require` name a config and a role, as the checker reads them.
  std::string text =
      "topology t {\n  namespace \"n\"\n}\n"
      "role fast = node \"disk\" == \"ssd\"\nconfig conf {\n  a = \"1\"\n}\n"
      "template service web(conf: string = \"x\", fast: bool = false) {\n"
      "  image \"nginx:1\"\n  mount conf at \"/etc/conf\"\n  env from config conf\n"
      "  env K = config conf.a, L = conf\n  place require fast\n}\nuse web() as w\n";
  ASSERT_TRUE(workspace_.Open(uri_, text));
  const Analysis* a = workspace_.AnalysisOf(uri_);
  const SymbolIndex& index = *a->index;
  FileId main = *a->FileOf((dir_ / "main.ow").string());
  auto kind_at = [&](const std::string& needle, int delta) {
    const Occurrence* o = index.At(main, static_cast<uint32_t>(text.find(needle) + delta));
    return o ? index.symbols()[o->symbol].kind : Symbol::Kind::Module;
  };
  EXPECT_EQ(kind_at("mount conf", 6), Symbol::Kind::Data);
  EXPECT_EQ(kind_at("config conf\n", 7), Symbol::Kind::Data);
  EXPECT_EQ(kind_at("config conf.a", 7), Symbol::Kind::Data);
  EXPECT_EQ(kind_at("conf.a", 5), Symbol::Kind::Entry);
  EXPECT_EQ(kind_at("L = conf", 4), Symbol::Kind::TemplateParam);
  EXPECT_EQ(kind_at("require fast", 8), Symbol::Kind::Role);
}

TEST_F(LspWorkspace, CompletionIsNotMisledByCommentsAndStrings) {
  std::string text = std::string(kMain) + "service b { // the \"main one }\n  \n}\n";
  ASSERT_TRUE(workspace_.Open(uri_, text));
  size_t at = text.rfind("  \n") + 2;
  bool property = false, declaration = false;
  for (const Json& item : Completion(*workspace_.AnalysisOf(uri_), text, at)) {
    property |= item["label"] == "image";
    declaration |= item["label"] == "topology";
  }
  EXPECT_TRUE(property);
  EXPECT_FALSE(declaration);
}

TEST_F(LspWorkspace, DocumentsAreNamedByTheUrisTheClientUsed) {
  // Neovim leaves `+` unencoded where UriOf encodes it; answers must use the client's form.
  fs::create_directories(dir_ / "a+b");
  std::string path = (dir_ / "a+b" / "m.ow").string();
  std::string uri = "file://" + path;
  ASSERT_NE(uri, UriOf(path));
  ASSERT_TRUE(workspace_.Open(uri, "topology t {\n  namespace \"n\"\n}\nservice a {\n  needs b\n}\n"));
  std::map<std::string, Json> by_uri = DiagnosticsByUri(*workspace_.AnalysisOf(uri), Encoding::Utf16);
  ASSERT_EQ(by_uri.count(uri), 1u);
  EXPECT_EQ(by_uri.size(), 1u);
}

TEST_F(LspWorkspace, CompletionKnowsWhereItIs) {
  auto labels = [&](const std::string& text, size_t offset) {
    EXPECT_TRUE(workspace_.Open(uri_, text));
    std::vector<std::string> out;
    for (const Json& item : Completion(*workspace_.AnalysisOf(uri_), text, offset)) {
      out.push_back(item["label"]);
    }
    return out;
  };
  auto has = [](const std::vector<std::string>& list, const std::string& label) {
    return std::find(list.begin(), list.end(), label) != list.end();
  };
  std::string text = kMain;
  // A new line in a service: its properties, not a cron's `schedule`.
  std::string in_service = text;
  size_t line = in_service.find("  needs front");
  in_service.insert(line, "  \n");
  std::vector<std::string> properties = labels(in_service, line + 2);
  EXPECT_TRUE(has(properties, "image") && has(properties, "env") && has(properties, "replicas"));
  EXPECT_FALSE(has(properties, "schedule"));
  EXPECT_FALSE(has(properties, "service"));
  // At the top level: declarations.
  std::string top = text + "\n";
  std::vector<std::string> declarations = labels(top, top.size());
  EXPECT_TRUE(has(declarations, "service") && has(declarations, "param"));
  // After `needs `: components; after `front.port.`: its ports.
  EXPECT_TRUE(has(labels(text, text.find("needs front") + 6), "front"));
  // A template's parameters inside that template only.
  std::string lib_uri = UriOf((dir_ / "lib.ow").string());
  std::string lib = "template service web(port_number: int = 80) {\n  image \"nginx:1\"\n"
                    "  port http \n}\nservice other {\n  replicas \n}\n";
  ASSERT_TRUE(workspace_.Open(lib_uri, lib));
  auto lib_labels = [&](size_t offset) {
    std::vector<std::string> out;
    for (const Json& item : Completion(*workspace_.AnalysisOf(lib_uri), lib, offset)) {
      out.push_back(item["label"]);
    }
    return out;
  };
  EXPECT_TRUE(has(lib_labels(lib.find("port http ") + 10), "port_number"));
  EXPECT_FALSE(has(lib_labels(lib.find("replicas ") + 9), "port_number"));
  workspace_.Close(lib_uri);
  std::string dotted = text;
  size_t dot = dotted.find("front.port.") + std::string("front.port.").size();
  dotted.erase(dot, std::string("http").size());
  EXPECT_EQ(labels(dotted, dot), (std::vector<std::string>{"http"}));
}

}  // namespace
}  // namespace whisk::lsp
