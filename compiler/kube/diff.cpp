#include "compiler/kube/diff.h"

#include <fmt/format.h>

#include <set>

#include "compiler/kube/kinds.h"
#include "compiler/kube/unified_diff.h"
#include "compiler/kube/yaml_text.h"

namespace whisk::kube {
namespace {

// The live object and the dry run are asked one after the other; when another writer changed
// the object in between, they are asked again, this many times at most.
constexpr int kAttempts = 3;

constexpr const char* kMask = "***";
constexpr const char* kMaskBefore = "*** (before)";
constexpr const char* kMaskAfter = "*** (after)";

bool IsSecret(const Json& object) {
  return object.is_object() && object.value("kind", "") == "Secret" &&
         object.value("apiVersion", "") == "v1";
}

/// Masks the values of one map of a Secret (data, stringData) on both sides, as kubectl diff's
/// masker does: a key whose value changes shows that it changes, never what it is.
void Mask(Json& live, Json& applied, const char* field) {
  Json* before =
      live.is_object() && live.contains(field) && live[field].is_object() ? &live[field] : nullptr;
  Json* after = applied.is_object() && applied.contains(field) && applied[field].is_object()
                    ? &applied[field]
                    : nullptr;
  if (before) {
    for (auto it = before->begin(); it != before->end(); ++it) {
      if (after && after->contains(it.key())) {
        Json& other = (*after)[it.key()];
        bool same = other == it.value();
        other = same ? kMask : kMaskAfter;
        it.value() = same ? kMask : kMaskBefore;
      } else {
        it.value() = kMask;
      }
    }
  }
  if (after) {
    for (auto it = after->begin(); it != after->end(); ++it) {
      if (!before || !before->contains(it.key())) it.value() = kMask;
    }
  }
}

std::string Label(const std::string& side, const Manifest& m) {
  return m.namespace_name.empty()
             ? fmt::format("{}/{}/{}", side, m.kind, m.name)
             : fmt::format("{}/{}/{}/{}", side, m.kind, m.namespace_name, m.name);
}

std::string ResourceVersion(const Json& object) {
  if (!object.is_object() || !object.contains("metadata")) return "";
  return object["metadata"].value("resourceVersion", "");
}

}  // namespace

bool DiffReport::changed() const {
  for (const ObjectDiff& d : objects) {
    if (!d.diff.empty()) return true;
  }
  return false;
}

bool DiffReport::ok() const {
  if (!fatal.empty()) return false;
  for (const ObjectDiff& d : objects) {
    if (!d.error.empty()) return false;
  }
  return true;
}

void PrepareForDiff(Json& live, Json& applied) {
  for (Json* side : {&live, &applied}) {
    if (side->is_object() && side->contains("metadata") && (*side)["metadata"].is_object()) {
      (*side)["metadata"].erase("managedFields");
    }
  }
  if (IsSecret(live) || IsSecret(applied)) {
    Mask(live, applied, "data");
    Mask(live, applied, "stringData");
  }
}

DiffReport Diff(Api& api, const std::vector<Manifest>& manifests, const ApplyOptions& options,
                const std::function<void(const ObjectDiff&)>& progress) {
  DiffReport report;
  Kinds kinds = FindKinds(api, manifests);
  if (!kinds.fatal.empty()) {
    report.fatal = kinds.fatal;
    return report;
  }
  ApplyOptions dry_run = options;
  dry_run.dry_run = true;
  const std::string query = ApplyQuery(dry_run);
  std::set<std::string> new_namespaces;  // compiled Namespaces the cluster does not have yet
  std::set<std::string> noted;           // those whose objects were shown as sent
  for (size_t i = 0; i < manifests.size(); ++i) {
    const Manifest& m = manifests[i];
    ObjectDiff d{What(m), "", "", ""};
    if (!kinds.resources[i]) {
      d.error = kinds.missing[i];
      report.objects.push_back(d);
      if (progress) progress(d);
      continue;
    }
    const Resource& resource = *kinds.resources[i];
    const std::string path = resource.ObjectPath(m.namespace_name, m.name);
    const std::string body = ApplyBody(m, resource, options);
    Json live, applied;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      Reply got = api.Get(path);
      if (!got.ok() && got.failure->status != 404) {
        d.error = Describe(*got.failure);
        break;
      }
      live = got.ok() ? got.body : Json();
      if (!got.ok() && m.kind == "Namespace") new_namespaces.insert(m.name);
      Reply merged = api.Patch(path + query, "application/apply-patch+yaml", body);
      if (!merged.ok()) {
        bool no_namespace = !got.ok() && merged.failure->status == 404 && resource.namespaced &&
                            new_namespaces.count(m.namespace_name) != 0;
        if (no_namespace || IsImmutableJob(m, *merged.failure)) {
          // The server cannot say what it would make of it: show what whiskc would send.
          applied = Json::parse(body);
          if (IsImmutableJob(m, *merged.failure)) {
            d.note = fmt::format(
                "{}: its pod template cannot change, so apply would delete it and create it "
                "anew; shown as whiskc would send it, without the server's defaults",
                d.what);
          } else if (noted.insert(m.namespace_name).second) {
            d.note = fmt::format(
                "namespace {} does not exist yet: its objects are shown as whiskc would send "
                "them, without the server's defaults",
                m.namespace_name);
          }
        } else {
          d.error = ExplainFailure(*merged.failure, m, dry_run);
        }
        break;
      }
      applied = merged.body;
      // The dry run keeps the resourceVersion it started from: another one means the object
      // changed between the two requests (a controller's status update), and the comparison
      // would show that change as apply's.
      bool moved = got.ok() ? ResourceVersion(applied) != ResourceVersion(live)
                            : merged.status != 201;  // created by someone in between
      if (!moved) break;
    }
    if (d.error.empty()) {
      PrepareForDiff(live, applied);
      d.diff = UnifiedDiff(live.is_null() ? "" : YamlText(live), YamlText(applied),
                           {Label("live", m), Label("applied", m)});
    }
    report.objects.push_back(d);
    if (progress) progress(d);
  }
  return report;
}

}  // namespace whisk::kube
