#include "compiler/kube/namespace_content.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/kube/applyset.h"

namespace whisk::kube {
namespace {

// Groups that hold no objects of anyone's: views of pods and nodes, and events.
constexpr std::string_view kSkippedGroups[] = {"metrics.k8s.io", "events.k8s.io"};

const Json& Metadata(const Json& object) {
  static const Json kEmpty = Json::object();
  return object.is_object() && object.contains("metadata") && object["metadata"].is_object()
             ? object["metadata"]
             : kEmpty;
}

std::string Name(const Json& object) { return Metadata(object).value("name", ""); }

/// What the system makes in every namespace, or for a Service, without an owner reference.
bool MadeBySystem(const Found& f, const Ours& ours) {
  const std::string name = Name(f.object);
  if (f.group_kind == "ConfigMap") return name == "kube-root-ca.crt";
  if (f.group_kind == "ServiceAccount") return name == "default";
  if (f.group_kind == "Endpoints") return ours.objects.count("Service/" + name) != 0;
  if (f.group_kind == "Secret" &&
      f.object.value("type", "") == "kubernetes.io/service-account-token") {
    const Json& annotations = Metadata(f.object).value("annotations", Json::object());
    std::string account = annotations.value("kubernetes.io/service-account.name", "");
    return account == "default" || ours.objects.count("ServiceAccount/" + account) != 0;
  }
  return false;
}

/// Appends the namespaced kinds of one group-version's resource list that can be listed.
void Listable(const Json& list, const std::string& group, const std::string& version,
              std::vector<Resource>& out) {
  for (const Json& r : list.value("resources", Json::array())) {
    std::string name = r.value("name", "");
    if (name.find('/') != std::string::npos || name == "events") continue;
    if (!r.value("namespaced", false)) continue;
    const Json& verbs = r.value("verbs", Json::array());
    if (std::find(verbs.begin(), verbs.end(), Json("list")) == verbs.end()) continue;
    out.push_back({group, version, r.value("kind", ""), name, true});
  }
}

}  // namespace

std::vector<std::string> Foreign(const std::vector<Found>& found, const Ours& ours) {
  std::set<std::string> uids = ours.uids;
  std::vector<bool> mine(found.size());
  for (size_t i = 0; i < found.size(); ++i) {
    if (ours.objects.count(found[i].group_kind + "/" + Name(found[i].object)) != 0) {
      mine[i] = true;
      uids.insert(Metadata(found[i].object).value("uid", ""));
    }
  }
  // Owned by something of ours, transitively: a Deployment's ReplicaSets, then their Pods.
  for (bool grew = true; grew;) {
    grew = false;
    for (size_t i = 0; i < found.size(); ++i) {
      if (mine[i]) continue;
      for (const Json& owner : Metadata(found[i].object).value("ownerReferences", Json::array())) {
        if (uids.count(owner.value("uid", "")) != 0) {
          mine[i] = grew = true;
          uids.insert(Metadata(found[i].object).value("uid", ""));
          break;
        }
      }
    }
  }
  std::vector<std::string> foreign;
  for (size_t i = 0; i < found.size(); ++i) {
    if (mine[i] || Metadata(found[i].object).contains("deletionTimestamp") ||
        MadeBySystem(found[i], ours)) {
      continue;
    }
    std::string kind = found[i].group_kind.substr(0, found[i].group_kind.find('.'));
    foreign.push_back(fmt::format("{} {}", kind, Name(found[i].object)));
  }
  return foreign;
}

Content ListNamespace(Api& api, const std::string& namespace_name) {
  Content content;
  std::vector<Resource> kinds;
  Reply core = api.Get("/api/v1");
  if (!core.ok()) {
    content.error = "discovery of /api/v1 failed: " + Describe(*core.failure);
    return content;
  }
  Listable(core.body, "", "v1", kinds);
  Reply groups = api.Get("/apis");
  if (!groups.ok()) {
    content.error = "discovery of /apis failed: " + Describe(*groups.failure);
    return content;
  }
  for (const Json& group : groups.body.value("groups", Json::array())) {
    std::string name = group.value("name", "");
    if (std::find(std::begin(kSkippedGroups), std::end(kSkippedGroups), name) !=
        std::end(kSkippedGroups)) {
      continue;
    }
    std::string version = group.value("preferredVersion", Json::object()).value("version", "");
    if (version.empty()) continue;
    Reply list = api.Get("/apis/" + name + "/" + version);
    // An aggregated API that is down (503) must not hide what the others hold, but it may hold
    // something itself: nothing can be concluded then.
    if (!list.ok()) {
      content.error =
          fmt::format("discovery of {}/{} failed: {}", name, version, Describe(*list.failure));
      return content;
    }
    Listable(list.body, name, version, kinds);
  }
  for (const Resource& resource : kinds) {
    Reply list = api.Get(resource.CollectionPath(namespace_name));
    if (!list.ok()) {
      long status = list.failure->status;
      if (status == 404 || status == 405) continue;  // gone since discovery, or not listable
      content.error = fmt::format("cannot list {} in namespace {}: {}", resource.plural,
                                  namespace_name, Describe(*list.failure));
      return content;
    }
    for (const Json& item : list.body.value("items", Json::array())) {
      content.found.push_back({GroupKind(resource), item});
    }
  }
  return content;
}

}  // namespace whisk::kube
