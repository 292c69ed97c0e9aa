#include "compiler/kube/volumes.h"

#include <algorithm>
#include <string>

namespace whisk::kube {
namespace {

const Json& Member(const Json& object, const char* key) {
  static const Json kEmpty = Json::object();
  return object.is_object() && object.contains(key) && object[key].is_object() ? object[key]
                                                                               : kEmpty;
}

}  // namespace

bool IsClaimOf(const Json& claim, const Json& statefulset) {
  const std::string name = Member(claim, "metadata").value("name", "");
  const std::string set = Member(statefulset, "metadata").value("name", "");
  const Json& spec = Member(statefulset, "spec");
  bool named = false;
  for (const Json& tmpl : spec.value("volumeClaimTemplates", Json::array())) {
    std::string prefix = Member(tmpl, "metadata").value("name", "") + "-" + set + "-";
    std::string_view rest = std::string_view(name).substr(std::min(name.size(), prefix.size()));
    named = named ||
            (name.starts_with(prefix) && !rest.empty() &&
             std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }));
  }
  if (!named) return false;
  const Json& wanted = Member(Member(spec, "selector"), "matchLabels");
  const Json& labels = Member(Member(claim, "metadata"), "labels");
  for (auto it = wanted.begin(); it != wanted.end(); ++it) {
    if (!labels.contains(it.key()) || labels[it.key()] != it.value()) return false;
  }
  return true;
}

}  // namespace whisk::kube
