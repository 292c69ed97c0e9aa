// Objects as `whiskc diff` shows them: YAML with keys sorted at every level, kubectl's layout,
// strings quoted where a YAML 1.1 reader would misread them, and read back as the same JSON.
#include "compiler/kube/yaml_text.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace whisk::kube {
namespace {

/// What a YAML reader makes of `text`, as JSON (scalars typed as YAML 1.2's core schema would).
Json Read(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& member : node) out[member.first.as<std::string>()] = Read(member.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : node) out.push_back(Read(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      if (node.Tag() == "!") return node.as<std::string>();  // quoted: a string
      const std::string& text = node.Scalar();
      if (text == "true" || text == "false") return text == "true";
      if (text == "null") return nullptr;
      Json number = Json::parse(text, nullptr, /*allow_exceptions=*/false);
      return number.is_number() ? number : Json(text);
    }
    default:
      return nullptr;
  }
}

TEST(YamlText, SortsKeysAtEveryLevel) {
  Json object = Json::parse(R"({"metadata":{"name":"x","labels":{"b":"2","a":"1"}},
                                "kind":"ConfigMap","apiVersion":"v1"})");
  EXPECT_EQ(YamlText(object),
            "apiVersion: v1\n"
            "kind: ConfigMap\n"
            "metadata:\n"
            "  labels:\n"
            "    a: \"1\"\n"
            "    b: \"2\"\n"
            "  name: x\n");
}

TEST(YamlText, ListsSitAtTheirKeysIndentationAsKubectlWritesThem) {
  Json object = Json::parse(R"({"spec":{"containers":[{"name":"api","ports":[{"containerPort":80}],
                                "args":["a","b"]}],"empty":[],"none":{}}})");
  EXPECT_EQ(YamlText(object),
            "spec:\n"
            "  containers:\n"
            "  - args:\n"
            "    - a\n"
            "    - b\n"
            "    name: api\n"
            "    ports:\n"
            "    - containerPort: 80\n"
            "  empty: []\n"
            "  none: {}\n");
}

TEST(YamlText, QuotesWhatReadersWouldMisreadAndKeepsScalarsTyped) {
  Json object = Json::parse(R"({"on":"yes","n":"0123","s":"","t":true,"i":3,"f":0.5,"z":null,
                                "q":"a: b","k":"512Mi"})");
  EXPECT_EQ(YamlText(object),
            "f: 0.5\n"
            "i: 3\n"
            "k: 512Mi\n"
            "\"n\": \"0123\"\n"  // `n` is false to a YAML 1.1 reader
            "\"on\": \"yes\"\n"
            "q: \"a: b\"\n"
            "s: \"\"\n"
            "t: true\n"
            "z: null\n");
}

TEST(YamlText, WritesMultiLineStringsAsLiteralBlocks) {
  Json object = Json::parse(R"({"data":{"nginx.conf":"server {\n  listen 80;\n}\n",
                                "tail":"a\nb"}})");
  EXPECT_EQ(YamlText(object),
            "data:\n"
            "  nginx.conf: |\n"
            "    server {\n"
            "      listen 80;\n"
            "    }\n"
            "  tail: |-\n"
            "    a\n"
            "    b\n");
}

TEST(YamlText, ReadsBackAsTheSameObject) {
  Json object = Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "annotations": {"note": "line one\nline two\n", "x": "- dash"},
                 "generation": 2},
    "spec": {"replicas": 3, "paused": false, "template": {"spec": {"containers": [
      {"name": "web", "image": "nginx:1.27", "command": ["sh", "-c", "echo 'hi' # not a comment"],
       "env": [{"name": "A", "value": "on"}, {"name": "B", "value": "1e3"}]}]}},
      "strategy": {}, "nested": [[1, 2], []]}})");
  std::string text = YamlText(object);
  Json back = Read(YAML::Load(text));
  // Keys come back sorted; compare as unordered JSON.
  EXPECT_EQ(nlohmann::json::parse(back.dump()), nlohmann::json::parse(object.dump())) << text;
}

}  // namespace
}  // namespace whisk::kube
