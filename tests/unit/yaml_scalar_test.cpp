#include "compiler/emit/yaml_scalar.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace whisk::emit {
namespace {

std::string Emit(std::string_view text) {
  std::string out;
  AppendYamlString(out, text);
  return out;
}

// Strings that a YAML 1.1 reader such as kubectl would turn into something
// else when written plain: each must come out quoted.
TEST(YamlScalar, QuotesWhatYaml11ReadersMisread) {
  for (std::string_view text : {"yes",
                                "no",
                                "y",
                                "n",
                                "on",
                                "off",
                                "On",
                                "OFF",
                                "true",
                                "False",
                                "null",
                                "~",
                                "",
                                "0123",
                                "0o17",
                                "0x1F",
                                "1e3",
                                "1E-2",
                                "1_000",
                                "1:30",
                                "190:20:30",
                                "3.14",
                                ".5",
                                "-1",
                                "+1",
                                "-.5",
                                ".inf",
                                "-.inf",
                                ".NaN",
                                "2024-01-01",
                                "2001-12-14t21:59:43.10-05:00",
                                "2001-12-14T21:59:43Z",
                                "0xFACE",
                                "0b1010",
                                "1.5e+3",
                                "<<",
                                "=",
                                " leading",
                                "trailing ",
                                "a: b",
                                "a #b",
                                "key:",
                                "-dash",
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
                                "two\nlines",
                                "tab\tx",
                                "nel\xC2\x85x",
                                "ls\xE2\x80\xA8x"}) {
    std::string out = Emit(text);
    EXPECT_EQ(out.front(), '"') << "`" << text << "` must be quoted, got " << out;
  }
}

TEST(YamlScalar, LeavesOrdinaryNamesPlain) {
  for (std::string_view text :
       {"nginx", "owdev-controller", "openwhisk/controller:ef725a6", "app.kubernetes.io/name",
        "ReadWriteOnce", "/var/lib/data", "http://owdev-controller:8080/ping", "a-b_c.d",
        "yes-please", "512Mi", "250m", "2Gi", "30s", "1h30m", "3rd"}) {
    EXPECT_EQ(Emit(text), text);
  }
}

TEST(YamlScalar, EscapesLikeJson) {
  EXPECT_EQ(Emit("say \"hi\"\\\n"), "\"say \\\"hi\\\"\\\\\\n\"");
  EXPECT_EQ(Emit(std::string_view("\x01", 1)), "\"\\u0001\"");
}

// Whatever we emit, a YAML reader gives back the same string.
TEST(YamlScalar, RoundTripsThroughAYamlReader) {
  for (std::string_view text :
       {"yes", "0123", "1e3", "1:30", "", " x ", "a: b", "two\nlines\n", "q\"uote", "back\\slash",
        "tab\tx", "ünïcödé", "nginx:1.25.3", "512Mi", "1h30m", "#!/bin/bash\necho hi\n"}) {
    std::string doc = "key: " + Emit(text) + "\n";
    YAML::Node node = YAML::Load(doc);
    EXPECT_EQ(node["key"].as<std::string>(), text) << doc;
    EXPECT_EQ(node["key"].Tag() == "!", Emit(text).front() == '"');
  }
}

}  // namespace
}  // namespace whisk::emit
