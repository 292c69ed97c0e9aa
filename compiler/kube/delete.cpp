#include "compiler/kube/delete.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "compiler/kube/applyset.h"
#include "compiler/kube/kinds.h"
#include "compiler/kube/namespace_content.h"
#include "compiler/kube/volumes.h"

namespace whisk::kube {
namespace {

constexpr const char* kInstanceLabel = "app.kubernetes.io/instance";
constexpr const char* kBackground = R"({"propagationPolicy":"Background"})";
// A workload goes after its pods: the wait then ends when nothing of it runs any more, and the
// volumes its pods held can go too.
constexpr const char* kForeground = R"({"propagationPolicy":"Foreground"})";
constexpr size_t kForeignShown = 5;
constexpr std::chrono::milliseconds kFirstPause{200};

bool OwnsPods(const Resource& r) {
  if (r.group == "apps") {
    return r.kind == "Deployment" || r.kind == "StatefulSet" || r.kind == "DaemonSet" ||
           r.kind == "ReplicaSet";
  }
  return r.group == "batch" && (r.kind == "Job" || r.kind == "CronJob");
}

bool IsCore(const Resource& r, const char* kind) { return r.group.empty() && r.kind == kind; }

const Json& Member(const Json& object, const char* key) {
  static const Json kEmpty = Json::object();
  return object.is_object() && object.contains(key) && object[key].is_object() ? object[key]
                                                                               : kEmpty;
}

/// The uid of what a DELETE answered: the object (marked for deletion), or a Status whose
/// details name it.
std::string UidOf(const Json& body) {
  std::string uid = Member(body, "metadata").value("uid", "");
  return uid.empty() ? Member(body, "details").value("uid", "") : uid;
}

std::string Named(const std::string& kind, const std::string& ns, const std::string& name) {
  return ns.empty() ? fmt::format("{} {}", kind, name) : fmt::format("{} {}/{}", kind, ns, name);
}

/// Why an object is still there: the finalizers that hold it, or that nothing deletes it.
std::string Holding(const Json& object) {
  const Json& metadata = Member(object, "metadata");
  std::string finalizers;
  for (const Json& f : metadata.value("finalizers", Json::array())) {
    if (f.is_string()) finalizers += (finalizers.empty() ? "" : ", ") + f.get<std::string>();
  }
  if (!metadata.contains("deletionTimestamp")) return "still there, not being deleted";
  return finalizers.empty() ? "still being deleted"
                            : fmt::format("still being deleted, held by finalizers {}", finalizers);
}

class Deleter {
 public:
  Deleter(Api& api, const DeleteOptions& options, const DeleteProgress& progress,
          DeleteReport& report)
      : api_(api), options_(options), progress_(progress), report_(report) {}

  void Record(Removal removal) {
    if (removal.state == Removal::State::Failed || removal.state == Removal::State::Remaining ||
        removal.state == Removal::State::NotAttempted) {
      trouble_ = true;
    }
    report_.removals.push_back(removal);
    if (progress_.done) progress_.done(removal);
  }

  /// Sends one DELETE; `quiet_absent` leaves a 404 unsaid (the ApplySet record, which an
  /// apply that never ran did not make).
  void DeleteOne(const Resource& resource, const std::string& ns, const std::string& name,
                 bool quiet_absent = false) {
    std::string what = Named(resource.kind, ns, name);
    std::string path = resource.ObjectPath(ns, name);
    Reply reply = api_.Delete(path + (options_.dry_run ? "?dryRun=All" : ""),
                              OwnsPods(resource) ? kForeground : kBackground);
    if (reply.ok()) {
      std::string uid = UidOf(reply.body);
      if (!uid.empty()) ours_.uids.insert(uid);
      pending_.push_back({what, path, uid, Json()});
      Record({Removal::State::Deleted, what, ""});
    } else if (reply.failure->status == 404) {
      if (!quiet_absent) Record({Removal::State::Absent, what, ""});
    } else if (reply.failure->status == 409 && IsCore(resource, "Namespace")) {
      // Asked again while it terminates: it is going already.
      pending_.push_back({what, path, "", Json()});
      Record({Removal::State::Deleted, what, "it was being deleted already"});
    } else {
      Record({Removal::State::Failed, what, Describe(*reply.failure)});
    }
  }

  /// Polls until every object deleted so far is gone, or the deadline; records what is left.
  void WaitGone() {
    if (options_.dry_run || options_.timeout.count() == 0 || pending_.empty()) {
      pending_.clear();
      return;
    }
    if (!deadline_) deadline_ = std::chrono::steady_clock::now() + options_.timeout;
    bool told = false;
    // Most objects are gone a moment after their DELETE: look again soon, then less often.
    std::chrono::milliseconds pause = std::min(kFirstPause, options_.interval);
    for (;;) {
      std::erase_if(pending_, [this](Pending& p) {
        Reply live = api_.Get(p.path);
        if (!live.ok()) {
          if (live.failure->status == 404) return true;
          p.last = Json(Describe(*live.failure));
          return false;
        }
        // Another object by that name (made since by someone else): ours is gone.
        if (!p.uid.empty() && Member(live.body, "metadata").value("uid", "") != p.uid) {
          return true;
        }
        p.last = live.body;
        return false;
      });
      if (pending_.empty()) return;
      if (!told && progress_.waiting) progress_.waiting(pending_.size());
      told = true;
      auto now = std::chrono::steady_clock::now();
      if (now >= *deadline_) break;
      api_.Sleep(
          std::min(pause, std::chrono::duration_cast<std::chrono::milliseconds>(*deadline_ - now)));
      pause = std::min(pause * 2, options_.interval);
    }
    for (const Pending& p : pending_) {
      Record({Removal::State::Remaining, p.what,
              p.last.is_string() ? p.last.get<std::string>() : Holding(p.last)});
    }
    pending_.clear();
  }

  /// The live PersistentVolumeClaims of `ns`, listed once.
  const Json* Claims(const std::string& ns, std::string* error) {
    auto found = claims_.find(ns);
    if (found != claims_.end()) return &found->second;
    Reply list = api_.Get("/api/v1/namespaces/" + ns + "/persistentvolumeclaims");
    if (!list.ok()) {
      *error = Describe(*list.failure);
      return nullptr;
    }
    return &claims_.emplace(ns, list.body.value("items", Json::array())).first->second;
  }

  /// The claims made from `set`'s volumeClaimTemplates: deleted with --volumes, else kept.
  void StatefulSetClaims(const Manifest& set) {
    Json object = Json::parse(set.json);
    if (Member(object, "spec").value("volumeClaimTemplates", Json::array()).empty()) return;
    std::string error;
    const Json* claims = Claims(set.namespace_name, &error);
    if (!claims) {
      Record({Removal::State::Failed,
              fmt::format("the volumes of StatefulSet {}/{}", set.namespace_name, set.name),
              "cannot list them: " + error});
      return;
    }
    const Resource pvc{"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true};
    for (const Json& claim : *claims) {
      if (!IsClaimOf(claim, object)) continue;
      std::string name = Member(claim, "metadata").value("name", "");
      ours_.objects.insert("PersistentVolumeClaim/" + name);
      if (options_.volumes) {
        DeleteOne(pvc, set.namespace_name, name);
      } else {
        kept_ = true;
        Record({Removal::State::Kept, Named(pvc.kind, set.namespace_name, name),
                "a volume: --volumes deletes it"});
      }
    }
  }

  /// Deletes a compiled Namespace when nothing in it is someone else's (see delete.h).
  void DeleteNamespace(const Manifest& m, const Resource& resource) {
    std::string what = What(m);
    if (trouble_) {
      Record({Removal::State::NotAttempted, what, "not deleted: not all of its objects are gone"});
      return;
    }
    if (kept_) {
      Record({Removal::State::Kept, what, "it holds the kept volumes, which --volumes deletes"});
      return;
    }
    Reply live = api_.Get(resource.ObjectPath("", m.name));
    if (!live.ok()) {
      if (live.failure->status == 404) {
        Record({Removal::State::Absent, what, ""});
      } else {
        Record({Removal::State::Failed, what, Describe(*live.failure)});
      }
      return;
    }
    std::string label =
        Member(Member(Json::parse(m.json), "metadata"), "labels").value(kInstanceLabel, "");
    std::string carried = Member(Member(live.body, "metadata"), "labels").value(kInstanceLabel, "");
    if (label.empty() || carried != label) {
      Record({Removal::State::Kept, what,
              fmt::format("it does not carry the label {}={}: this topology did not make it",
                          kInstanceLabel, label)});
      return;
    }
    Content content = ListNamespace(api_, m.name);
    if (!content.error.empty()) {
      Record({Removal::State::Failed, what,
              "kept: cannot tell whether it holds anything else: " + content.error});
      return;
    }
    std::vector<std::string> foreign = Foreign(content.found, ours_);
    if (!foreign.empty()) {
      std::string list;
      for (size_t i = 0; i < std::min(foreign.size(), kForeignShown); ++i) {
        list += (i == 0 ? "" : ", ") + foreign[i];
      }
      if (foreign.size() > kForeignShown) {
        list += fmt::format(" and {} more", foreign.size() - kForeignShown);
      }
      Record({Removal::State::Kept, what,
              fmt::format("it holds what this topology did not make: {}", list)});
      return;
    }
    DeleteOne(resource, "", m.name);
    WaitGone();
  }

  Ours& ours() { return ours_; }
  void Keep() { kept_ = true; }
  bool trouble() const { return trouble_; }

 private:
  struct Pending {
    std::string what, path, uid;
    Json last;  // the last answer: the object, or the failure as a string
  };

  Api& api_;
  const DeleteOptions& options_;
  const DeleteProgress& progress_;
  DeleteReport& report_;
  Ours ours_;
  std::vector<Pending> pending_;
  std::map<std::string, Json> claims_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  bool kept_ = false;     // something stays in the namespace: a volume
  bool trouble_ = false;  // something failed or is not gone
};

}  // namespace

bool DeleteReport::ok() const {
  if (!fatal.empty()) return false;
  return std::none_of(removals.begin(), removals.end(), [](const Removal& r) {
    return r.state == Removal::State::Failed || r.state == Removal::State::NotAttempted ||
           r.state == Removal::State::Remaining;
  });
}

DeleteReport Delete(Api& api, const std::vector<Manifest>& manifests, const DeleteOptions& options,
                    const DeleteProgress& progress) {
  DeleteReport report;
  Kinds kinds = FindKinds(api, manifests);
  if (!kinds.fatal.empty()) {
    report.fatal = kinds.fatal;
    return report;
  }
  Deleter deleter(api, options, progress, report);
  std::optional<ApplySet> set;  // the record apply keeps, in the first namespaced object's
  for (size_t i = 0; i < manifests.size(); ++i) {
    if (!kinds.resources[i]) continue;
    deleter.ours().objects.insert(GroupKind(*kinds.resources[i]) + "/" + manifests[i].name);
    if (!set && kinds.resources[i]->namespaced && !options.instance.empty()) {
      set = ApplySetFor(options.instance, manifests[i].namespace_name);
      deleter.ours().objects.insert("Secret/" + set->name);
    }
  }
  std::vector<size_t> namespaces;
  bool kept_member = false;  // a compiled volume stays: the record of the set stays with it
  for (size_t i = manifests.size(); i-- > 0;) {
    const Manifest& m = manifests[i];
    const std::optional<Resource>& resource = kinds.resources[i];
    if (!resource) {
      deleter.Record({Removal::State::Absent, What(m), kinds.missing[i]});
      continue;
    }
    if (IsCore(*resource, "Namespace")) {
      namespaces.push_back(i);
      continue;
    }
    if (IsCore(*resource, "PersistentVolumeClaim") && !options.volumes) {
      deleter.Keep();
      kept_member = true;
      deleter.Record({Removal::State::Kept, What(m), "a volume: --volumes deletes it"});
      continue;
    }
    deleter.DeleteOne(*resource, m.namespace_name, m.name);
    if (resource->group == "apps" && resource->kind == "StatefulSet") deleter.StatefulSetClaims(m);
  }
  if (set && !kept_member && !deleter.trouble()) {
    deleter.DeleteOne({"", "v1", "Secret", "secrets", true}, set->namespace_name, set->name,
                      /*quiet_absent=*/true);
  }
  deleter.WaitGone();
  for (size_t i : namespaces) deleter.DeleteNamespace(manifests[i], *kinds.resources[i]);
  return report;
}

}  // namespace whisk::kube
