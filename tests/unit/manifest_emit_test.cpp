#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/emit/manifest_json.h"
#include "compiler/emit/manifest_yaml.h"
#include "compiler/emit/sink.h"
#include "compiler/lower/manifest.h"

namespace whisk::emit {
namespace {

using k8s::Key;
using k8s::ManifestSet;
using k8s::NodeId;
using k8s::Tree;

/// Adds an object whose root map the caller fills in.
NodeId AddObject(ManifestSet& set, std::string_view kind = "ConfigMap",
                 std::string_view name = "cfg") {
  NodeId root = set.tree.Map();
  k8s::Object object;
  object.api_version = "v1";
  object.kind = kind;
  object.name = set.tree.Intern(name);
  object.root = root;
  set.objects.push_back(object);
  return root;
}

Key Interned(Tree& tree, std::string_view text) { return Key::Interned(tree.Intern(text)); }

/// The YAML of a set with one object holding `key: <string text>`.
std::string YamlOfString(std::string_view text) {
  ManifestSet set;
  NodeId root = AddObject(set);
  set.tree.SetString(root, "key", text);
  return ManifestYaml(set);
}

TEST(ManifestEmit, NestedMapsYaml) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  t.SetString(root, "apiVersion", "v1");
  t.SetString(root, "kind", "ConfigMap");
  NodeId metadata = t.SetMap(root, "metadata");
  t.SetString(metadata, "name", "cfg");
  NodeId labels = t.SetMap(metadata, "labels");
  t.SetString(labels, "app.kubernetes.io/name", "web");
  NodeId deep = t.SetMap(labels, "deeper");
  t.SetInt(deep, "level", 3);
  t.SetString(metadata, "namespace", "shop");
  t.SetMap(root, "data");
  t.SetList(root, "items");
  EXPECT_EQ(ManifestYaml(set),
            "---\n"
            "apiVersion: v1\n"
            "kind: ConfigMap\n"
            "metadata:\n"
            "  name: cfg\n"
            "  labels:\n"
            "    app.kubernetes.io/name: web\n"
            "    deeper:\n"
            "      level: 3\n"
            "  namespace: shop\n"
            "data: {}\n"
            "items: []\n");
}

TEST(ManifestEmit, ListsOfMapsUseKubectlLayout) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  NodeId spec = t.SetMap(root, "spec");
  NodeId containers = t.SetList(spec, "containers");
  NodeId x = t.AppendMap(containers);
  t.SetString(x, "name", "x");
  t.SetString(x, "image", "nginx:1.25");
  NodeId ports = t.SetList(x, "ports");
  NodeId port = t.AppendMap(ports);
  t.SetInt(port, "containerPort", 80);
  t.SetString(port, "protocol", "TCP");
  NodeId args = t.SetList(x, "args");
  t.AppendString(args, "a");
  t.AppendString(args, "b");
  NodeId y = t.AppendMap(containers);
  t.SetString(y, "name", "why");
  t.SetList(y, "env");
  NodeId resources = t.SetMap(y, "resources");
  NodeId limits = t.SetMap(resources, "limits");
  t.SetString(limits, "cpu", "250m");
  t.AppendMap(containers);  // an empty map item
  // A list item whose first key holds a list.
  NodeId z = t.AppendMap(containers);
  NodeId volumes = t.SetList(z, "volumeMounts");
  NodeId mount = t.AppendMap(volumes);
  t.SetString(mount, "name", "data");
  t.SetString(z, "name", "z");
  EXPECT_EQ(ManifestYaml(set),
            "---\n"
            "spec:\n"
            "  containers:\n"
            "  - name: x\n"
            "    image: nginx:1.25\n"
            "    ports:\n"
            "    - containerPort: 80\n"
            "      protocol: TCP\n"
            "    args:\n"
            "    - a\n"
            "    - b\n"
            "  - name: why\n"
            "    env: []\n"
            "    resources:\n"
            "      limits:\n"
            "        cpu: 250m\n"
            "  - {}\n"
            "  - volumeMounts:\n"
            "    - name: data\n"
            "    name: z\n");
}

TEST(ManifestEmit, ListsOfListsYaml) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  NodeId matrix = t.SetList(root, "matrix");
  NodeId row = t.Append(matrix, t.List());
  t.Append(row, t.Int(1));
  t.Append(row, t.Int(2));
  t.Append(matrix, t.List());  // empty
  NodeId outer = t.Append(matrix, t.List());
  NodeId inner = t.Append(outer, t.List());
  t.AppendString(inner, "x");
  NodeId maps = t.Append(matrix, t.List());
  NodeId item = t.AppendMap(maps);
  t.SetInt(item, "a", 1);
  t.SetInt(item, "b", 2);
  std::string yaml = ManifestYaml(set);
  EXPECT_EQ(yaml,
            "---\n"
            "matrix:\n"
            "-\n"
            "  - 1\n"
            "  - 2\n"
            "- []\n"
            "-\n"
            "  -\n"
            "    - x\n"
            "-\n"
            "  - a: 1\n"
            "    b: 2\n");
  YAML::Node doc = YAML::Load(yaml);
  ASSERT_TRUE(doc["matrix"].IsSequence());
  ASSERT_EQ(doc["matrix"].size(), 4u);
  EXPECT_EQ(doc["matrix"][0][1].as<int>(), 2);
  EXPECT_EQ(doc["matrix"][1].size(), 0u);
  EXPECT_TRUE(doc["matrix"][1].IsSequence());
  EXPECT_EQ(doc["matrix"][2][0][0].as<std::string>(), "x");
  EXPECT_EQ(doc["matrix"][3][0]["b"].as<int>(), 2);
}

TEST(ManifestEmit, ScalarsYaml) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  t.SetInt(root, "int", -5);
  t.SetInt(root, "big", INT64_MAX);
  t.SetBool(root, "yes", true);
  t.SetBool(root, "no", false);
  t.Set(root, "nothing", t.Null());
  t.SetString(root, "quotedTrue", "true");
  t.SetString(root, "quotedInt", "-5");
  t.SetString(root, "yesWord", "yes");
  t.SetString(root, "mode", "0755");
  t.SetString(root, "empty", "");
  t.SetString(root, "colon", "a: b");
  t.SetString(root, "hash", "a #b");
  t.SetString(root, "quote", "say \"hi\"");
  t.SetString(root, "startQuote", "\"hi\" he said");
  t.SetString(root, "plain", "nginx:1.25.3");
  t.SetString(root, "quantity", "512Mi");
  NodeId list = t.SetList(root, "list");
  t.Append(list, t.Null());
  t.Append(list, t.Bool(false));
  t.Append(list, t.Int(0));
  t.AppendString(list, "");
  t.AppendString(list, "on");
  t.AppendString(list, "off-peak");
  EXPECT_EQ(ManifestYaml(set),
            "---\n"
            "int: -5\n"
            "big: 9223372036854775807\n"
            "\"yes\": true\n"
            "\"no\": false\n"
            "nothing: null\n"
            "quotedTrue: \"true\"\n"
            "quotedInt: \"-5\"\n"
            "yesWord: \"yes\"\n"
            "mode: \"0755\"\n"
            "empty: \"\"\n"
            "colon: \"a: b\"\n"
            "hash: \"a #b\"\n"
            "quote: say \"hi\"\n"
            "startQuote: \"\\\"hi\\\" he said\"\n"
            "plain: nginx:1.25.3\n"
            "quantity: 512Mi\n"
            "list:\n"
            "- null\n"
            "- false\n"
            "- 0\n"
            "- \"\"\n"
            "- \"on\"\n"
            "- off-peak\n");
}

TEST(ManifestEmit, KeysNeedingQuotesYaml) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  t.SetInt(root, Interned(t, "on"), 1);
  t.SetInt(root, Interned(t, "a: b"), 2);
  t.SetInt(root, Interned(t, ""), 3);
  t.SetInt(root, Interned(t, "0755"), 4);
  t.SetInt(root, Interned(t, "two\nlines"), 5);
  t.SetInt(root, Interned(t, "-dash"), 6);
  t.SetInt(root, Interned(t, "app.kubernetes.io/name"), 7);
  t.SetInt(root, Interned(t, "key:"), 8);
  // The same text at another address gets the same treatment.
  t.SetInt(root, Interned(t, "on"), 9);
  t.SetInt(root, "on", 10);
  EXPECT_EQ(ManifestYaml(set),
            "---\n"
            "\"on\": 1\n"
            "\"a: b\": 2\n"
            "\"\": 3\n"
            "\"0755\": 4\n"
            "\"two\\nlines\": 5\n"
            "\"-dash\": 6\n"
            "app.kubernetes.io/name: 7\n"
            "\"key:\": 8\n"
            "\"on\": 9\n"
            "\"on\": 10\n");
}

TEST(ManifestEmit, LiteralBlocksWithEachChomping) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  t.SetString(root, "strip", "line one\nline two");
  t.SetString(root, "clip", "line one\nline two\n");
  t.SetString(root, "keep", "line one\n\n\n");
  t.SetString(root, "inner", "a\n\n  indented\n\tb\n");
  NodeId list = t.SetList(root, "scripts");
  t.AppendString(list, "#!/bin/sh\necho hi\n");
  NodeId item = t.AppendMap(list);
  t.SetString(item, "command", "set -e\nrun");
  NodeId nested = t.SetMap(root, "nested");
  t.SetString(nested, "text", "x\ny\n");
  std::string yaml = ManifestYaml(set);
  EXPECT_EQ(yaml,
            "---\n"
            "strip: |-\n"
            "  line one\n"
            "  line two\n"
            "clip: |\n"
            "  line one\n"
            "  line two\n"
            "keep: |+\n"
            "  line one\n"
            "\n"
            "\n"
            "inner: |\n"
            "  a\n"
            "\n"
            "    indented\n"
            "  \tb\n"
            "scripts:\n"
            "- |\n"
            "  #!/bin/sh\n"
            "  echo hi\n"
            "- command: |-\n"
            "    set -e\n"
            "    run\n"
            "nested:\n"
            "  text: |\n"
            "    x\n"
            "    y\n");
  YAML::Node doc = YAML::Load(yaml);
  EXPECT_EQ(doc["strip"].as<std::string>(), "line one\nline two");
  EXPECT_EQ(doc["clip"].as<std::string>(), "line one\nline two\n");
  EXPECT_EQ(doc["keep"].as<std::string>(), "line one\n\n\n");
  EXPECT_EQ(doc["inner"].as<std::string>(), "a\n\n  indented\n\tb\n");
  EXPECT_EQ(doc["scripts"][0].as<std::string>(), "#!/bin/sh\necho hi\n");
  EXPECT_EQ(doc["scripts"][1]["command"].as<std::string>(), "set -e\nrun");
  EXPECT_EQ(doc["nested"]["text"].as<std::string>(), "x\ny\n");
}

TEST(ManifestEmit, UnsafeMultiLineStringsAreDoubleQuoted) {
  EXPECT_EQ(YamlOfString(" leading\nspace"), "---\nkey: \" leading\\nspace\"\n");
  EXPECT_EQ(YamlOfString("\tleading\ntab"), "---\nkey: \"\\tleading\\ntab\"\n");
  EXPECT_EQ(YamlOfString("\nleading newline"), "---\nkey: \"\\nleading newline\"\n");
  EXPECT_EQ(YamlOfString("dos\r\nline\r\n"), "---\nkey: \"dos\\r\\nline\\r\\n\"\n");
  EXPECT_EQ(YamlOfString("nel\xC2\x85inside\nx"), "---\nkey: \"nel\\u0085inside\\nx\"\n");
  EXPECT_EQ(YamlOfString("ls\xE2\x80\xA8inside\nx"), "---\nkey: \"ls\\u2028inside\\nx\"\n");
  EXPECT_EQ(YamlOfString("ps\xE2\x80\xA9inside\nx"), "---\nkey: \"ps\\u2029inside\\nx\"\n");
  EXPECT_EQ(YamlOfString(std::string_view("nul\0\nx", 6)), "---\nkey: \"nul\\u0000\\nx\"\n");
  EXPECT_EQ(YamlOfString("bell\a\nx"), "---\nkey: \"bell\\u0007\\nx\"\n");
  EXPECT_EQ(YamlOfString("del\x7F\nx"), "---\nkey: \"del\\u007f\\nx\"\n");
  // One line: never a block.
  EXPECT_EQ(YamlOfString("single line"), "---\nkey: single line\n");
}

TEST(ManifestEmit, IsLiteralBlockSafe) {
  for (std::string_view text :
       {"a\nb", "a\n", "a\n\n", "#!/bin/sh\nexit 0\n", "x\n  y\n", "tab\tinside\nok", "ünï\ncödé\n",
        "a\n\n\nb", "trailing \n", "nbsp\xC2\xA0\n\xC2\xA9 \xE2\x80\xA6"}) {
    EXPECT_TRUE(IsLiteralBlockSafe(text)) << text;
  }
  for (std::string_view text :
       {"", "one line", " leading\nspace", "\tleading\ntab", "\nleading newline", "\n", "cr\r\nx",
        "cr only\r", "nel\xC2\x85x\ny", "ls\xE2\x80\xA8x\ny", "ps\xE2\x80\xA9x\ny",
        "bom\xEF\xBB\xBFx\ny", "esc\x1B\nx", "del\x7F\nx", "c1\xC2\x80\nx", "c1\xC2\x9F\nx",
        "nonchar\xEF\xBF\xBE\nx", "nonchar\xEF\xBF\xBF\nx"}) {
    EXPECT_FALSE(IsLiteralBlockSafe(text)) << text;
  }
  EXPECT_FALSE(IsLiteralBlockSafe(std::string_view("nul\0\nx", 6)));
}

// Whatever the emitter writes, a YAML reader gives back the same string, as a
// value, as a list item, as a value inside a list item, and as a key.
TEST(ManifestEmit, YamlRoundTripsTrickyStrings) {
  std::vector<std::string> tricky = {"yes",
                                     "no",
                                     "on",
                                     "off",
                                     "y",
                                     "n",
                                     "true",
                                     "False",
                                     "null",
                                     "~",
                                     "",
                                     " ",
                                     "0123",
                                     "0755",
                                     "0o17",
                                     "0x1F",
                                     "1e3",
                                     "1_000",
                                     "1:30",
                                     "3.14",
                                     ".5",
                                     "-1",
                                     "+1",
                                     ".inf",
                                     "-.inf",
                                     ".NaN",
                                     "2024-01-01",
                                     "2001-12-14T21:59:43Z",
                                     "<<",
                                     "=",
                                     " leading",
                                     "trailing ",
                                     "a: b",
                                     "a #b",
                                     "key:",
                                     "-dash",
                                     "- item",
                                     "?q",
                                     ":c",
                                     "[x]",
                                     "{y}",
                                     "#c",
                                     "&a",
                                     "*b",
                                     "!t",
                                     "|l",
                                     ">f",
                                     "'s",
                                     "\"d",
                                     "%p",
                                     "@r",
                                     "`b",
                                     "q\"uote",
                                     "back\\slash",
                                     "tab\tx",
                                     "ünïcödé",
                                     "日本語",
                                     "emoji 😀",
                                     "nginx:1.25.3",
                                     "512Mi",
                                     "1h30m",
                                     "http://x:8080/ping",
                                     "a,b",
                                     "a]b",
                                     "two\nlines",
                                     "two\nlines\n",
                                     "keep\n\n\n",
                                     "\n",
                                     "\n\n",
                                     "\nlead",
                                     " lead\nx",
                                     "\tlead\nx",
                                     "a\n b\n  c",
                                     "a\n\n\nb",
                                     "x\n  y\n",
                                     "trailing space \nx",
                                     "a\n \nb",
                                     "dos\r\nline",
                                     "cr\r",
                                     "nel\xC2\x85x",
                                     "nel\xC2\x85x\ny",
                                     "ls\xE2\x80\xA8x",
                                     "ps\xE2\x80\xA9x\n",
                                     "bell\a",
                                     "esc\x1B[0m",
                                     "del\x7F",
                                     "#!/bin/bash\necho hi\n",
                                     "--- x",
                                     "---\nx",
                                     "...\nx",
                                     "a\n---\nb\n",
                                     "a\n...\nb",
                                     "x\n# not a comment\n",
                                     "x: y\nz: w\n",
                                     "- a\n- b\n",
                                     "a\n  ",
                                     "a\n \n",
                                     "a\n\n  \n",
                                     "bom\xEF\xBB\xBFx",
                                     "\xEF\xBB\xBF",
                                     "bom\xEF\xBB\xBFx\ny",
                                     "x\n\xEF\xBB\xBFy",
                                     "c1\xC2\x80x",
                                     "c1\xC2\x9F\nx",
                                     "nonchar\xEF\xBF\xBE\ny",
                                     "\xEF\xBF\xBF",
                                     "latin \xC2\xA0nbsp\n\xC2\xA9"};
  tricky.emplace_back("nul\0x", 5);
  tricky.emplace_back("nul\0\nx", 6);
  for (const std::string& text : tricky) {
    ManifestSet set;
    NodeId root = AddObject(set);
    Tree& t = set.tree;
    t.SetString(root, "value", text);
    NodeId list = t.SetList(root, "list");
    t.AppendString(list, text);
    NodeId item = t.AppendMap(list);
    t.SetString(item, "inner", text);
    t.SetString(item, "after", "sentinel");
    NodeId nested = t.SetMap(root, "nested");
    t.SetString(nested, "deep", text);
    t.SetInt(root, Interned(t, text), 7);
    t.SetString(root, "last", "end");
    std::string yaml = ManifestYaml(set);
    SCOPED_TRACE(yaml);
    YAML::Node doc;
    ASSERT_NO_THROW(doc = YAML::Load(yaml));
    EXPECT_EQ(doc["value"].as<std::string>(), text);
    EXPECT_EQ(doc["list"][0].as<std::string>(), text);
    EXPECT_EQ(doc["list"][1]["inner"].as<std::string>(), text);
    EXPECT_EQ(doc["list"][1]["after"].as<std::string>(), "sentinel");
    EXPECT_EQ(doc["nested"]["deep"].as<std::string>(), text);
    EXPECT_EQ(doc[text].as<int>(), 7);
    EXPECT_EQ(doc["last"].as<std::string>(), "end");
    // A string never reads back as a bool, number or null: it is quoted
    // (tag "!") or plain only when plain is safe.
    EXPECT_TRUE(doc["value"].IsScalar());
  }
}

TEST(ManifestEmit, MultipleObjectsEachStartADocument) {
  ManifestSet set;
  NodeId a = AddObject(set, "ConfigMap", "a");
  set.tree.SetString(a, "kind", "ConfigMap");
  NodeId b = AddObject(set, "Secret", "b");
  set.tree.SetString(b, "kind", "Secret");
  set.tree.SetString(b, "text", "x\ny\n\n");
  std::string yaml = ManifestYaml(set);
  EXPECT_EQ(yaml,
            "---\n"
            "kind: ConfigMap\n"
            "---\n"
            "kind: Secret\n"
            "text: |+\n"
            "  x\n"
            "  y\n"
            "\n");
  std::vector<YAML::Node> docs = YAML::LoadAll(yaml);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1]["text"].as<std::string>(), "x\ny\n\n");

  std::string body;
  AppendYamlDocument(body, set.tree, b);
  EXPECT_EQ(body, "kind: Secret\ntext: |+\n  x\n  y\n\n");
  EXPECT_EQ(ManifestYaml(ManifestSet{}), "");
}

TEST(ManifestEmit, NestedMapsJson) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  t.SetString(root, "apiVersion", "v1");
  NodeId metadata = t.SetMap(root, "metadata");
  t.SetString(metadata, "name", "cfg");
  NodeId labels = t.SetMap(metadata, "labels");
  t.SetString(labels, "app", "web");
  t.SetMap(root, "data");
  t.SetList(root, "items");
  NodeId list = t.SetList(root, "list");
  NodeId item = t.AppendMap(list);
  t.SetString(item, "name", "x");
  NodeId inner = t.Append(list, t.List());
  t.Append(inner, t.Int(1));
  t.Append(list, t.Map());
  t.SetInt(root, "int", -7);
  t.SetBool(root, "bool", true);
  t.Set(root, "null", t.Null());
  t.SetString(root, "yes", "yes");
  t.SetString(root, "mode", "0755");
  t.SetString(root, "multi", "a\nb\n");
  std::string body;
  AppendJsonDocument(body, set.tree, root);
  EXPECT_EQ(body,
            "{\n"
            "    \"apiVersion\": \"v1\",\n"
            "    \"metadata\": {\n"
            "        \"name\": \"cfg\",\n"
            "        \"labels\": {\n"
            "            \"app\": \"web\"\n"
            "        }\n"
            "    },\n"
            "    \"data\": {},\n"
            "    \"items\": [],\n"
            "    \"list\": [\n"
            "        {\n"
            "            \"name\": \"x\"\n"
            "        },\n"
            "        [\n"
            "            1\n"
            "        ],\n"
            "        {}\n"
            "    ],\n"
            "    \"int\": -7,\n"
            "    \"bool\": true,\n"
            "    \"null\": null,\n"
            "    \"yes\": \"yes\",\n"
            "    \"mode\": \"0755\",\n"
            "    \"multi\": \"a\\nb\\n\"\n"
            "}");
  std::string indented;
  AppendJsonDocument(indented, set.tree, labels, 4);
  EXPECT_EQ(indented, "{\n        \"app\": \"web\"\n    }");
}

TEST(ManifestEmit, JsonEscapes) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  t.SetString(root, "quote", "say \"hi\"");
  t.SetString(root, "backslash", "C:\\path\\");
  t.SetString(root, "breaks", "a\nb\tc\rd");
  t.SetString(root, "control", std::string_view("\x00\x01\x1f\x7f", 4));
  t.SetString(root, "utf8", "ünï 日本 😀");
  t.SetString(root, "nel", "x\xC2\x85y");
  t.SetString(root, "ls", "x\xE2\x80\xA8y");
  t.SetString(root, "empty", "");
  t.SetInt(root, Interned(t, "k\"ey\n"), 1);
  std::string body;
  AppendJsonDocument(body, set.tree, root);
  EXPECT_EQ(body,
            "{\n"
            "    \"quote\": \"say \\\"hi\\\"\",\n"
            "    \"backslash\": \"C:\\\\path\\\\\",\n"
            "    \"breaks\": \"a\\nb\\tc\\rd\",\n"
            "    \"control\": \"\\u0000\\u0001\\u001f\\u007f\",\n"
            "    \"utf8\": \"ünï 日本 😀\",\n"
            "    \"nel\": \"x\\u0085y\",\n"
            "    \"ls\": \"x\\u2028y\",\n"
            "    \"empty\": \"\",\n"
            "    \"k\\\"ey\\n\": 1\n"
            "}");
  nlohmann::json parsed = nlohmann::json::parse(body);
  EXPECT_EQ(parsed["quote"], "say \"hi\"");
  EXPECT_EQ(parsed["backslash"], "C:\\path\\");
  EXPECT_EQ(parsed["breaks"], "a\nb\tc\rd");
  EXPECT_EQ(parsed["control"], std::string("\x00\x01\x1f\x7f", 4));
  EXPECT_EQ(parsed["utf8"], "ünï 日本 😀");
  EXPECT_EQ(parsed["nel"], "x\xC2\x85y");
  EXPECT_EQ(parsed["ls"], "x\xE2\x80\xA8y");
  EXPECT_EQ(parsed["k\"ey\n"], 1);
}

TEST(ManifestEmit, JsonListWithNoObjects) {
  EXPECT_EQ(ManifestJson(ManifestSet{}),
            "{\n"
            "    \"apiVersion\": \"v1\",\n"
            "    \"kind\": \"List\",\n"
            "    \"items\": []\n"
            "}\n");
}

TEST(ManifestEmit, JsonListWithTwoObjects) {
  ManifestSet set;
  NodeId a = AddObject(set, "ConfigMap", "a");
  set.tree.SetString(a, "kind", "ConfigMap");
  NodeId data = set.tree.SetMap(a, "data");
  set.tree.SetString(data, "k", "v");
  NodeId b = AddObject(set, "Secret", "b");
  set.tree.SetString(b, "kind", "Secret");
  std::string json = ManifestJson(set);
  EXPECT_EQ(json,
            "{\n"
            "    \"apiVersion\": \"v1\",\n"
            "    \"kind\": \"List\",\n"
            "    \"items\": [\n"
            "        {\n"
            "            \"kind\": \"ConfigMap\",\n"
            "            \"data\": {\n"
            "                \"k\": \"v\"\n"
            "            }\n"
            "        },\n"
            "        {\n"
            "            \"kind\": \"Secret\"\n"
            "        }\n"
            "    ]\n"
            "}\n");
  nlohmann::json parsed = nlohmann::json::parse(json);
  ASSERT_EQ(parsed["items"].size(), 2u);
  EXPECT_EQ(parsed["items"][1]["kind"], "Secret");

  StringSink sink;
  EXPECT_TRUE(WriteManifestJson(set, sink));
  EXPECT_EQ(sink.text, json);
}

TEST(ManifestEmit, JsonAndYamlAgree) {
  ManifestSet set;
  NodeId root = AddObject(set);
  Tree& t = set.tree;
  t.SetString(root, "s", "yes");
  t.SetString(root, "block", "a\n b\n\n");
  t.SetString(root, "odd", "x\xC2\x85y\r\n");
  t.SetInt(root, "i", 12);
  t.SetBool(root, "b", false);
  NodeId list = t.SetList(root, "l");
  t.AppendMap(list);
  t.Append(list, t.List());
  NodeId m = t.AppendMap(list);
  t.SetString(m, "name", "0755");
  std::string json_text;
  AppendJsonDocument(json_text, set.tree, root);
  nlohmann::json json = nlohmann::json::parse(json_text);
  YAML::Node yaml = YAML::Load(ManifestYaml(set));
  EXPECT_EQ(yaml["s"].as<std::string>(), json["s"].get<std::string>());
  EXPECT_EQ(yaml["block"].as<std::string>(), json["block"].get<std::string>());
  EXPECT_EQ(yaml["odd"].as<std::string>(), json["odd"].get<std::string>());
  EXPECT_EQ(yaml["i"].as<int>(), json["i"].get<int>());
  EXPECT_EQ(yaml["b"].as<bool>(), json["b"].get<bool>());
  EXPECT_TRUE(yaml["l"][0].IsMap());
  EXPECT_TRUE(yaml["l"][1].IsSequence());
  EXPECT_EQ(yaml["l"][2]["name"].as<std::string>(), json["l"][2]["name"].get<std::string>());
}

/// A set big enough that the emitters flush more than once.
ManifestSet BigSet(size_t objects) {
  ManifestSet set;
  for (size_t i = 0; i < objects; ++i) {
    NodeId root = AddObject(set, "ConfigMap", "cm-" + std::to_string(i));
    set.tree.SetString(root, "name", "cm-" + std::to_string(i));
    NodeId data = set.tree.SetMap(root, "data");
    set.tree.SetString(data, "payload", std::string(2000, static_cast<char>('a' + i % 26)));
    set.tree.SetString(data, "script", "line\nline " + std::to_string(i) + "\n");
  }
  return set;
}

class CountingSink : public Sink {
 public:
  explicit CountingSink(int fail_at) : fail_at_(fail_at) {}
  bool Flush(std::string& buffer) override {
    ++flushes;
    if (flushes >= fail_at_) {
      buffer.clear();
      return false;
    }
    text += buffer;
    buffer.clear();
    return true;
  }
  int flushes = 0;
  std::string text;

 private:
  int fail_at_;
};

TEST(ManifestEmit, WriteThroughStringSinkEqualsManifestYaml) {
  ManifestSet small;
  NodeId root = AddObject(small);
  small.tree.SetString(root, "k", "v\nw");
  StringSink sink;
  EXPECT_TRUE(WriteManifestYaml(small, sink));
  EXPECT_EQ(sink.text, ManifestYaml(small));
  EXPECT_EQ(sink.text, "---\nk: |-\n  v\n  w\n");

  ManifestSet big = BigSet(1500);  // about 3 MB: several flushes
  StringSink big_sink;
  EXPECT_TRUE(WriteManifestYaml(big, big_sink));
  std::string yaml = ManifestYaml(big);
  EXPECT_GT(yaml.size(), 2 * Sink::kChunk);
  EXPECT_EQ(big_sink.text, yaml);
  CountingSink counting(1000);
  EXPECT_TRUE(WriteManifestYaml(big, counting));
  EXPECT_GT(counting.flushes, 1);
  EXPECT_EQ(counting.text, yaml);

  // Every document, written alone, is the same text as in the stream.
  std::string joined;
  for (const k8s::Object& object : big.objects) {
    joined += "---\n";
    AppendYamlDocument(joined, big.tree, object.root);
  }
  EXPECT_EQ(joined, yaml);

  CountingSink json_counting(1000);
  EXPECT_TRUE(WriteManifestJson(big, json_counting));
  EXPECT_GT(json_counting.flushes, 1);
  EXPECT_EQ(json_counting.text, ManifestJson(big));
}

TEST(ManifestEmit, FailingSinkMakesWriteFail) {
  ManifestSet small;
  NodeId root = AddObject(small);
  small.tree.SetString(root, "k", "v");
  CountingSink failing(1);
  EXPECT_FALSE(WriteManifestYaml(small, failing));
  CountingSink failing_json(1);
  EXPECT_FALSE(WriteManifestJson(small, failing_json));

  // A failure on an early flush stops the write there.
  ManifestSet big = BigSet(1500);
  CountingSink first(1);
  EXPECT_FALSE(WriteManifestYaml(big, first));
  EXPECT_EQ(first.flushes, 1);
  CountingSink second(2);
  EXPECT_FALSE(WriteManifestYaml(big, second));
  EXPECT_EQ(second.flushes, 2);
  CountingSink json_first(1);
  EXPECT_FALSE(WriteManifestJson(big, json_first));
  EXPECT_EQ(json_first.flushes, 1);
}

}  // namespace
}  // namespace whisk::emit
