#include "compiler/kube/apply.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "compiler/kube/applyset.h"
#include "compiler/kube/kinds.h"

namespace whisk::kube {

std::string What(const Manifest& m) {
  return m.namespace_name.empty() ? fmt::format("{} {}", m.kind, m.name)
                                  : fmt::format("{} {}/{}", m.kind, m.namespace_name, m.name);
}

std::string ApplyQuery(const ApplyOptions& options) {
  std::string query = "?fieldManager=" + options.field_manager + "&fieldValidation=Strict";
  query += options.force_conflicts ? "&force=true" : "&force=false";
  if (options.dry_run) query += "&dryRun=All";
  return query;
}

std::string ApplyBody(const Manifest& m, const Resource& resource, const ApplyOptions& options) {
  if (options.instance.empty() || !resource.namespaced) return m.json;
  return WithPartOf(m.json, ApplySetFor(options.instance, m.namespace_name));
}

bool ApplyReport::ok() const {
  if (!fatal.empty()) return false;
  for (const std::vector<Outcome>* list : {&outcomes, &pruned}) {
    for (const Outcome& o : *list) {
      if (o.state == Outcome::State::Failed || o.state == Outcome::State::NotAttempted) {
        return false;
      }
    }
  }
  return true;
}

std::string ExplainFailure(const Failure& failure, const Manifest& manifest,
                           const ApplyOptions& options) {
  bool conflict = false;
  Failure headline = failure;
  // The server's conflict message repeats every field; the causes list them one a line.
  if (!failure.causes.empty() && failure.causes[0].type == "FieldManagerConflict") {
    headline.message =
        fmt::format("{} field{} managed by another field manager", failure.causes.size(),
                    failure.causes.size() == 1 ? " is" : "s are");
  }
  // A 422's message also lists every cause; the causes follow one a line.
  if (size_t cut = headline.message.find(" is invalid: ");
      failure.status == 422 && !failure.causes.empty() && cut != std::string::npos) {
    headline.message.resize(cut + std::string_view(" is invalid").size());
  }
  std::string text = Describe(headline);
  bool located = false;
  for (const Cause& cause : failure.causes) {
    conflict = conflict || cause.type == "FieldManagerConflict";
    if (cause.field.empty() && cause.message.empty()) continue;
    text +=
        fmt::format("\n    {}{}{}", cause.field, cause.field.empty() ? "" : ": ", cause.message);
    if (!cause.field.empty() && manifest.locate) {
      if (std::string where = manifest.locate(cause.field); !where.empty()) {
        text += "\n" + where;
        located = true;
      }
    }
  }
  if (conflict && !options.force_conflicts) {
    text +=
        "\n    help: another field manager owns these fields; --force-conflicts takes them over";
  }
  if (!located && !manifest.origin.empty() &&
      (failure.status == 422 || failure.status == 400 || conflict)) {
    text += fmt::format("\n    note: {} comes from {}", What(manifest), manifest.origin);
  }
  return text;
}

namespace {

/// Looks every kind up before anything changes: a cluster without, say, policy/v1 is found
/// out first. False when the run must stop (the report says why).
bool Discover(Api& api, const std::vector<Manifest>& manifests, ApplyReport& report,
              const std::function<void(const Outcome&)>& progress,
              std::vector<Resource>& resources) {
  Kinds kinds = FindKinds(api, manifests);
  if (!kinds.fatal.empty()) {
    report.fatal = std::move(kinds.fatal);
    return false;
  }
  bool missing = false;
  for (size_t i = 0; i < manifests.size(); ++i) {
    resources.push_back(kinds.resources[i].value_or(Resource{}));
    if (kinds.resources[i]) continue;
    missing = true;
    report.outcomes[i] = {Outcome::State::Failed, report.outcomes[i].what, kinds.missing[i]};
    if (progress) progress(report.outcomes[i]);
  }
  return !missing;
}

Manifest ParentManifest(const ApplySet& set, const std::set<std::string>& group_kinds) {
  Manifest parent;
  parent.api_version = "v1";
  parent.kind = "Secret";
  parent.name = set.name;
  parent.namespace_name = set.namespace_name;
  parent.json = ParentJson(set, group_kinds);
  return parent;
}

}  // namespace

bool IsImmutableJob(const Manifest& m, const Failure& f) {
  return m.kind == "Job" && f.status == 422 &&
         f.message.find("field is immutable") != std::string::npos;
}

namespace {

/// Deletes a Job and waits (bounded) until it is gone, so that it can be applied anew.
std::optional<Failure> DeleteAndWait(Api& api, const std::string& path) {
  Reply deleted = api.Delete(path, R"({"propagationPolicy":"Foreground"})");
  if (!deleted.ok() && deleted.failure->status != 404) return deleted.failure;
  for (int i = 0; i < 120; ++i) {
    Reply live = api.Get(path);
    if (!live.ok() && live.failure->status == 404) return std::nullopt;
    if (!live.ok()) return live.failure;
    api.Sleep(std::chrono::milliseconds(500));
  }
  Failure timeout;
  timeout.message = "the old Job was still there after 60 s";
  return timeout;
}

/// Applies one object; replaces a Job whose (immutable) pod template changed.
Outcome ApplyOne(Api& api, const Manifest& m, const std::string& body, const Resource& resource,
                 const ApplyOptions& options) {
  Outcome outcome{Outcome::State::NotAttempted, What(m), ""};
  std::string path = resource.ObjectPath(m.namespace_name, m.name);
  Reply reply = api.Patch(path + ApplyQuery(options), "application/apply-patch+yaml", body);
  if (!reply.ok() && IsImmutableJob(m, *reply.failure) && !options.dry_run) {
    if (std::optional<Failure> failed = DeleteAndWait(api, path)) {
      reply.failure = failed;
    } else {
      reply = api.Patch(path + ApplyQuery(options), "application/apply-patch+yaml", body);
      outcome.detail = "replaced: a Job's pod template cannot change";
    }
  }
  if (reply.ok()) {
    outcome.state = reply.status == 201 ? Outcome::State::Created : Outcome::State::Applied;
  } else {
    outcome.state = Outcome::State::Failed;
    outcome.detail = ExplainFailure(*reply.failure, m, options);
    outcome.unanswered = reply.failure->status == 0;
  }
  return outcome;
}

/// Deletes the set's members that the output no longer has. Only objects with the set's
/// part-of label are listed, so nothing whiskc did not apply is ever touched.
void Prune(Api& api, const ApplySet& set, const std::set<std::string>& group_kinds,
           const std::set<std::string>& applied, const ApplyOptions& options, ApplyReport& report,
           const std::function<void(const Outcome&)>& progress) {
  for (const std::string& gk : group_kinds) {
    size_t dot = gk.find('.');
    std::string kind = gk.substr(0, dot);
    std::string group = dot == std::string::npos ? "" : gk.substr(dot + 1);
    std::optional<Resource> resource = api.FindGroupKind(group, kind, nullptr);
    if (!resource) continue;  // the server no longer serves it: nothing of it can be left
    Reply list = api.Get(resource->CollectionPath(set.namespace_name) +
                         "?labelSelector=" + kPartOfLabel + "%3D" + set.id);
    if (!list.ok()) {
      report.pruned.push_back(
          {Outcome::State::Failed, gk, ExplainFailure(*list.failure, {}, options)});
      continue;
    }
    for (const Json& item : list.body.value("items", Json::array())) {
      std::string name = item["metadata"].value("name", "");
      std::string what = fmt::format("{} {}/{}", kind, set.namespace_name, name);
      if (applied.count(gk + "/" + name) != 0) continue;
      Outcome outcome{Outcome::State::Pruned, what, ""};
      if (kind == "PersistentVolumeClaim" && !options.prune_volumes) {
        outcome = {Outcome::State::Kept, what,
                   "kept: volumes are pruned only with --prune-volumes"};
      } else {
        std::string query = options.dry_run ? "?dryRun=All" : "";
        Reply deleted = api.Delete(resource->ObjectPath(set.namespace_name, name) + query,
                                   R"({"propagationPolicy":"Background"})");
        if (!deleted.ok() && deleted.failure->status != 404) {
          outcome = {Outcome::State::Failed, what, Describe(*deleted.failure)};
        }
      }
      if (progress) progress(outcome);
      report.pruned.push_back(std::move(outcome));
    }
  }
}

}  // namespace

ApplyReport Apply(Api& api, const std::vector<Manifest>& manifests, const ApplyOptions& options,
                  const std::function<void(const Outcome&)>& progress) {
  ApplyReport report;
  for (const Manifest& m : manifests) {
    report.outcomes.push_back({Outcome::State::NotAttempted, What(m), "not applied"});
  }
  std::vector<Resource> resources;
  if (!Discover(api, manifests, report, progress, resources)) return report;

  // The ApplySet of the instance, in the namespace of its objects.
  std::optional<ApplySet> set;
  std::set<std::string> kinds;  // this output's namespaced group-kinds
  for (size_t i = 0; i < manifests.size(); ++i) {
    if (!resources[i].namespaced) continue;
    if (!set && !options.instance.empty())
      set = ApplySetFor(options.instance, manifests[i].namespace_name);
    kinds.insert(GroupKind(resources[i]));
  }
  std::set<std::string> listed;  // what an earlier apply recorded
  if (set) {
    Reply parent = api.Get("/api/v1/namespaces/" + set->namespace_name + "/secrets/" + set->name);
    if (parent.ok()) {
      listed = ListedGroupKinds(parent.body);
    } else if (parent.failure->status != 404) {
      // Without the record a prune could miss what an earlier run applied: stop.
      report.fatal = fmt::format("cannot read the applied set's record, Secret {}/{}: {}",
                                 set->namespace_name, set->name, Describe(*parent.failure));
      return report;
    }
  }
  std::set<std::string> recorded = listed;
  recorded.insert(kinds.begin(), kinds.end());

  std::set<std::string> applied;  // "Deployment.apps/name"
  bool parent_done = !set;
  for (size_t i = 0; i < manifests.size(); ++i) {
    const Manifest& m = manifests[i];
    if (!parent_done && resources[i].namespaced) {
      // Recorded before any member, with the kinds of both the last and this output, so that a
      // run stopped half-way still lets the next prune find everything.
      Manifest parent = ParentManifest(*set, recorded);
      Outcome o =
          ApplyOne(api, parent, parent.json, {"", "v1", "Secret", "secrets", true}, options);
      if (o.state == Outcome::State::Failed) {
        report.fatal = fmt::format("cannot record the applied set in Secret {}/{}: {}",
                                   set->namespace_name, set->name, o.detail);
        return report;
      }
      parent_done = true;
    }
    std::string body = ApplyBody(m, resources[i], options);
    report.outcomes[i] = ApplyOne(api, m, body, resources[i], options);
    if (report.outcomes[i].state != Outcome::State::Failed) {
      applied.insert(GroupKind(resources[i]) + "/" + m.name);
    }
    if (progress) progress(report.outcomes[i]);
    if (report.outcomes[i].state == Outcome::State::Failed &&
        (m.kind == "Namespace" || report.outcomes[i].unanswered)) {
      for (size_t j = i + 1; j < manifests.size(); ++j) {
        report.outcomes[j].detail = report.outcomes[i].unanswered
                                        ? "not applied: the server stopped answering"
                                        : "not applied: its namespace could not be applied";
      }
      return report;
    }
  }
  if (!set || !options.prune || !report.ok()) return report;
  Prune(api, *set, recorded, applied, options, report, progress);
  bool pruned_all = std::none_of(report.pruned.begin(), report.pruned.end(), [](const Outcome& o) {
    return o.state == Outcome::State::Failed;
  });
  if (pruned_all && !options.dry_run) {
    // Only now may the record forget the kinds the output no longer has.
    Manifest parent = ParentManifest(*set, kinds);
    ApplyOne(api, parent, parent.json, {"", "v1", "Secret", "secrets", true}, options);
  }
  return report;
}

}  // namespace whisk::kube
