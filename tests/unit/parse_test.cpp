#include "compiler/parse/parse.h"

#include <gtest/gtest.h>

#include "compiler/parse/dump.h"
#include "compiler/source/source_map.h"

namespace whisk {
namespace {

struct Parsed {
  SourceMap sources;
  Diagnostics diags;
  ast::Module module;
};

std::unique_ptr<Parsed> ParseText(std::string text) {
  auto parsed = std::make_unique<Parsed>();
  FileId file = parsed->sources.Add("test.ow", std::move(text));
  parsed->module = Parse(file, parsed->sources.text(file), parsed->diags);
  return parsed;
}

std::vector<std::string> Codes(const Diagnostics& diags) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : diags.all()) codes.emplace_back(Info(d.code).code);
  return codes;
}

TEST(Parser, BuildsATreeWithSpansWithoutTrailingSpace) {
  auto p = ParseText("service api {\n  image \"nginx:1.25\"   // web\n  port http 80\n}\n");
  EXPECT_TRUE(p->diags.all().empty());
  EXPECT_EQ(ast::Dump(p->module),
            "ComponentDecl\n"
            "  ComponentKind\n"
            "  Name api\n"
            "  PropertyBlock\n"
            "    ImageProp\n"
            "      String \"nginx:1.25\"\n"
            "    PortProp\n"
            "      PortDef\n"
            "        Name http\n"
            "        Number 80\n");
  ast::NodeId image = p->module.Nth(p->module.Nth(p->module.roots[0], 2), 0);
  EXPECT_EQ(p->module.source(image), "image \"nginx:1.25\"");
}

TEST(Parser, InterpolationsAreChildrenOfTheirString) {
  auto p = ParseText("service a {\n  env X = \"${k.host}:${k.port.b}\"\n}\n");
  EXPECT_TRUE(p->diags.all().empty());
  EXPECT_NE(ast::Dump(p->module).find("String \"${k.host}:${k.port.b}\"\n          InterpPath "
                                      "k.host\n          InterpPath k.port.b\n"),
            std::string::npos)
      << ast::Dump(p->module);
}

TEST(Parser, EnvFromMixesWithVariablesAndLeavesAVariableNamedFrom) {
  auto p = ParseText(
      "service a {\n  env from config limits, PORT = 8080, from secret db\n"
      "  env from = \"x\"\n}\n");
  EXPECT_TRUE(p->diags.all().empty());
  EXPECT_NE(ast::Dump(p->module).find("    EnvProp\n"
                                      "      EnvFrom\n"
                                      "        EnvFromKind config\n"
                                      "        Name limits\n"
                                      "      EnvDef\n"
                                      "        Name PORT\n"
                                      "        Number 8080\n"
                                      "      EnvFrom\n"
                                      "        EnvFromKind secret\n"
                                      "        Name db\n"
                                      "    EnvProp\n"
                                      "      EnvDef\n"
                                      "        Name from\n"),
            std::string::npos)
      << ast::Dump(p->module);
}

TEST(Parser, EnvFromNeedsConfigOrSecret) {
  auto p = ParseText("service a {\n  env from limits\n}\n");
  ASSERT_EQ(p->diags.all().size(), 1u);
  EXPECT_EQ(p->diags.all()[0].message,
            "expected `config` or `secret` (`env from config NAME`), found `limits`");
}

TEST(Parser, RecoversInsideBlocksAndAtDeclarations) {
  auto p = ParseText(
      "service a {\n  replica 3\n  image\n}\n"
      "servce b {\n}\n"
      "param x int\n"
      "service c {\n  image \"c:1\"\n}\n");
  EXPECT_EQ(Codes(p->diags), (std::vector<std::string>{"E0105", "E0101", "E0106", "E0101"}));
  // The last declaration survived the errors before it.
  EXPECT_EQ(p->module.kind(p->module.roots.back()), ast::NodeKind::ComponentDecl);
}

TEST(Parser, ReportsUnclosedBraceAtItsOpening) {
  auto p = ParseText("service a {\n  image \"a:1\"\n");
  ASSERT_EQ(p->diags.all().size(), 1u);
  const Diagnostic& d = p->diags.all()[0];
  EXPECT_EQ(d.code, DiagCode::UnclosedDelimiter);
  EXPECT_EQ(d.span.begin, 10u);
  ASSERT_EQ(d.labels.size(), 1u);
}

TEST(Parser, PropertyKeywordOnANewLineIsNotAValue) {
  auto p = ParseText("service a {\n  port http\n  image \"a:1\"\n}\n");
  ASSERT_FALSE(p->diags.all().empty());
  EXPECT_EQ(p->diags.all()[0].message, "expected a value, found the end of the line");
  EXPECT_EQ(p->diags.all()[0].span.begin, 23u);  // right after `port http`
}

TEST(Parser, StringErrors) {
  auto p = ParseText("service a {\n  image \"a\\q\"\n  run \"x\n}\n");
  EXPECT_EQ(Codes(p->diags), (std::vector<std::string>{"E0104", "E0103"}));
}

TEST(Parser, SpawnsTakesWhatItSpawnsAKeyAndARoleSelector) {
  auto p = ParseText(
      "stateful inv {\n"
      "  spawns pods \"user-action-pod\" == \"true\"\n"
      "  spawns pods \"kind\" in [\"a\", \"b\"]\n"
      "  spawns pods \"agent\" exists\n"
      "}\n");
  EXPECT_TRUE(p->diags.all().empty());
  EXPECT_EQ(ast::Dump(p->module),
            "ComponentDecl\n"
            "  ComponentKind\n"
            "  Name inv\n"
            "  PropertyBlock\n"
            "    SpawnsProp\n"
            "      SpawnKind pods\n"
            "      String \"user-action-pod\"\n"
            "      SelectorEquals\n"
            "        CompareOp ==\n"
            "        String \"true\"\n"
            "    SpawnsProp\n"
            "      SpawnKind pods\n"
            "      String \"kind\"\n"
            "      SelectorIn\n"
            "        List\n"
            "          String \"a\"\n"
            "          String \"b\"\n"
            "    SpawnsProp\n"
            "      SpawnKind pods\n"
            "      String \"agent\"\n"
            "      SelectorExists\n");
}

TEST(Parser, SpawnsNeedsTheWordPodsAndASelector) {
  auto p = ParseText(
      "service a {\n  spawns \"k\" exists\n  spawns jobs \"k\" exists\n"
      "  spawns pods \"k\" = \"v\"\n  image \"a:1\"\n}\n");
  ASSERT_EQ(Codes(p->diags), (std::vector<std::string>{"E0101", "E0101", "E0101"}));
  EXPECT_EQ(p->diags.all()[0].message,
            "expected `pods`, what the component spawns (`spawns pods \"KEY\" == \"VALUE\"`), "
            "found `\"k\"`");
  EXPECT_NE(p->diags.all()[1].message.find("found `jobs`"), std::string::npos);
  EXPECT_EQ(p->diags.all()[2].message,
            "expected `== \"value\"`, `!= \"value\"`, `in [...]` or `exists`, found `=`");
  // Each error cost only its own line.
  EXPECT_NE(ast::Dump(p->module).find("ImageProp"), std::string::npos);
}

TEST(Parser, ParamTakesARangeOrAListOfChoices) {
  auto p = ParseText(
      "param a: string in [\"x\", \"y\"] = \"x\"\n"
      "param b: int in 1..3\n");
  EXPECT_TRUE(p->diags.all().empty());
  EXPECT_EQ(ast::Dump(p->module),
            "ParamDecl\n"
            "  Name a\n"
            "  TypeName string\n"
            "  ParamChoices\n"
            "    List\n"
            "      String \"x\"\n"
            "      String \"y\"\n"
            "  ParamDefault\n"
            "    String \"x\"\n"
            "ParamDecl\n"
            "  Name b\n"
            "  TypeName int\n"
            "  ParamRange\n"
            "    Range\n"
            "      Number 1\n"
            "      Number 3\n");
}

TEST(Parser, AListBeforeDotDotIsARangeAndAnythingElseIsAnError) {
  // A list followed by `..` is a range (of lists: the checker says so).
  auto range = ParseText("param a: int in [1]..[2]\n");
  EXPECT_TRUE(range->diags.all().empty());
  EXPECT_NE(ast::Dump(range->module).find("ParamRange\n    Range\n      List"), std::string::npos)
      << ast::Dump(range->module);
  auto bad = ParseText("param a: string in nodeport\n");
  ASSERT_EQ(Codes(bad->diags), (std::vector<std::string>{"E0101"}));
  EXPECT_TRUE(bad->diags.all()[0].message.starts_with(
      "expected a range `LOW..HIGH` or a list of choices `[...]`, found"))
      << bad->diags.all()[0].message;
}

TEST(Parser, ExternalIsAKindAndHostAProperty) {
  auto p = ParseText(
      "external couchdb {\n  host couchdb_host\n  port http 5984\n"
      "  ready http \"/_up\" on http\n}\n"
      "template external kv(at: string) {\n  host \"${at}\"\n}\n");
  EXPECT_TRUE(p->diags.all().empty());
  EXPECT_TRUE(
      ast::Dump(p->module).starts_with("ComponentDecl\n"
                                       "  ComponentKind\n"
                                       "  Name couchdb\n"
                                       "  PropertyBlock\n"
                                       "    HostProp\n"
                                       "      Path couchdb_host\n"))
      << ast::Dump(p->module);
  EXPECT_EQ(p->module.source(p->module.Nth(p->module.roots[0], 0)), "external");
  EXPECT_EQ(p->module.kind(p->module.roots[1]), ast::NodeKind::TemplateDecl);
}

TEST(Parser, HostAtTheStartOfALineBeginsTheNextProperty) {
  // `host` is a property keyword: a value missing before it is reported at
  // the end of the line, not read as a parameter named `host`.
  auto p = ParseText("external a {\n  port http\n  host \"a.example.com\"\n}\n");
  ASSERT_EQ(Codes(p->diags), (std::vector<std::string>{"E0101"}));
  EXPECT_EQ(p->diags.all()[0].message, "expected a value, found the end of the line");
}

TEST(Parser, UseTakesAKindBeforeTheInstanceName) {
  auto p = ParseText(
      "use invoker_base as daemon invoker {\n  env FACTORY = \"docker\"\n}\n"
      "use invoker_base(tag = \"1\") as invoker\n"
      "use cache as daemons\n");
  EXPECT_TRUE(p->diags.all().empty()) << Codes(p->diags).front();
  ASSERT_EQ(p->module.roots.size(), 3u);
  EXPECT_TRUE(ast::Dump(p->module).starts_with("UseDecl\n"
                                               "  Name invoker_base\n"
                                               "  UseAs\n"
                                               "    ComponentKind\n"
                                               "    Name invoker\n"
                                               "  PropertyBlock\n"))
      << ast::Dump(p->module);
  ast::NodeId as = p->module.Child(p->module.roots[0], ast::NodeKind::UseAs);
  EXPECT_EQ(p->module.source(p->module.Nth(as, 0)), "daemon");
  // Without a kind, `as` names the instance; `daemons` is no kind.
  for (int root : {1, 2}) {
    ast::NodeId plain = p->module.Child(p->module.roots[root], ast::NodeKind::UseAs);
    EXPECT_FALSE(p->module.Child(plain, ast::NodeKind::ComponentKind).valid());
    EXPECT_TRUE(p->module.Child(plain, ast::NodeKind::Name).valid());
  }
}

TEST(Parser, AKindAfterAsNeedsANameAfterIt) {
  // Kinds are names elsewhere, but here `as daemon` alone must not make a
  // component called `daemon`.
  for (const char* text : {"use t as daemon {\n  replicas 2\n}\n", "use t as daemon\n",
                           "use t as cron"}) {
    auto p = ParseText(text);
    ASSERT_EQ(Codes(p->diags), (std::vector<std::string>{"E0101"})) << text;
    EXPECT_TRUE(p->diags.all()[0].message.starts_with("expected a name after the kind, found"))
        << p->diags.all()[0].message;
    EXPECT_FALSE(p->diags.all()[0].help.empty());
  }
  auto missing = ParseText("use t as {\n}\n");
  ASSERT_EQ(Codes(missing->diags), (std::vector<std::string>{"E0101"}));
  EXPECT_EQ(missing->diags.all()[0].message,
            "expected the component's name, or a kind and the name (`as daemon NAME`), found `{`");
}

TEST(Parser, TaintedTakesAConditionButNotABlock) {
  auto p = ParseText(
      "role core = node \"role\" == \"core\" tainted if tolerations\n"
      "role spot = node \"pool\" exists tainted NoExecute if mode == \"spot\" and not dev\n"
      "role edge = node \"edge\" exists tainted\n"
      "if tolerations {\n  service a {\n    image \"a:1\"\n  }\n}\n");
  EXPECT_TRUE(p->diags.all().empty()) << Codes(p->diags).front();
  ASSERT_EQ(p->module.roots.size(), 4u);
  // The `if` after a bare `tainted` opens a block: it is a declaration.
  EXPECT_EQ(p->module.kind(p->module.roots[3]), ast::NodeKind::DeclIf);
  ast::NodeId core = p->module.Child(p->module.roots[0], ast::NodeKind::Tainted);
  EXPECT_TRUE(p->module.Child(core, ast::NodeKind::TaintedIf).valid());
  ast::NodeId spot = p->module.Child(p->module.roots[1], ast::NodeKind::Tainted);
  EXPECT_EQ(p->module.source(p->module.Child(spot, ast::NodeKind::TaintEffect)), "NoExecute");
  EXPECT_EQ(p->module.source(p->module.Child(spot, ast::NodeKind::TaintedIf)),
            "if mode == \"spot\" and not dev");
  ast::NodeId edge = p->module.Child(p->module.roots[2], ast::NodeKind::Tainted);
  EXPECT_FALSE(p->module.Child(edge, ast::NodeKind::TaintedIf).valid());
}

TEST(Parser, EmptyAndCommentOnlyFilesParse) {
  EXPECT_TRUE(ParseText("")->diags.all().empty());
  EXPECT_TRUE(ParseText("// nothing\n\n// here")->diags.all().empty());
}

}  // namespace
}  // namespace whisk
