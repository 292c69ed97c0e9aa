#include "compiler/kube/applyset.h"

#include <fmt/format.h>

#include "compiler/kube/sha256.h"
#include "compiler/source/base64.h"

namespace whisk::kube {

ApplySet ApplySetFor(const std::string& instance, const std::string& namespace_name) {
  ApplySet set;
  set.name = instance + ".applyset";
  set.namespace_name = namespace_name;
  // The convention: base64url without padding of sha256("<name>.<namespace>.<kind>.<group>").
  std::array<uint8_t, 32> digest = Sha256(set.name + "." + namespace_name + ".Secret.");
  std::string encoded =
      EncodeBase64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  for (char& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  set.id = "applyset-" + encoded + "-v1";
  return set;
}

std::string GroupKind(const Resource& resource) {
  return resource.group.empty() ? resource.kind : resource.kind + "." + resource.group;
}

std::string ParentJson(const ApplySet& set, const std::set<std::string>& group_kinds) {
  std::string kinds;
  for (const std::string& gk : group_kinds) kinds += (kinds.empty() ? "" : ",") + gk;
  Json parent = {
      {"apiVersion", "v1"},
      {"kind", "Secret"},
      {"metadata",
       {{"name", set.name},
        {"namespace", set.namespace_name},
        {"labels", {{kIdLabel, set.id}}},
        {"annotations",
         {{kToolingAnnotation, "whiskc/v" WHISK_VERSION}, {kGroupKindsAnnotation, kinds}}}}},
      {"type", "Opaque"}};
  return parent.dump();
}

std::set<std::string> ListedGroupKinds(const Json& parent) {
  std::set<std::string> kinds;
  if (!parent.is_object() || !parent.contains("metadata")) return kinds;
  const Json& annotations = parent["metadata"].value("annotations", Json::object());
  std::string listed = annotations.value(kGroupKindsAnnotation, "");
  size_t start = 0;
  while (start < listed.size()) {
    size_t comma = listed.find(',', start);
    if (comma == std::string::npos) comma = listed.size();
    if (comma > start) kinds.insert(listed.substr(start, comma - start));
    start = comma + 1;
  }
  return kinds;
}

std::string WithPartOf(const std::string& object_json, const ApplySet& set) {
  Json object = Json::parse(object_json);
  object["metadata"]["labels"][kPartOfLabel] = set.id;
  return object.dump();
}

}  // namespace whisk::kube
