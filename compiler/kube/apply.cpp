#include "compiler/kube/apply.h"

#include <fmt/format.h>

#include <optional>

namespace whisk::kube {
namespace {

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

}  // namespace

bool ApplyReport::ok() const {
  if (!fatal.empty()) return false;
  for (const Outcome& o : outcomes) {
    if (o.state == Outcome::State::Failed || o.state == Outcome::State::NotAttempted) return false;
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
  std::string text = Describe(headline);
  for (const Cause& cause : failure.causes) {
    if (cause.type == "FieldManagerConflict") {
      conflict = true;
      text += fmt::format("\n    {}: {}", cause.field, cause.message);
    } else if (!cause.field.empty() || !cause.message.empty()) {
      text +=
          fmt::format("\n    {}{}{}", cause.field, cause.field.empty() ? "" : ": ", cause.message);
    }
  }
  if (conflict && !options.force_conflicts) {
    text +=
        "\n    help: another field manager owns these fields; --force-conflicts takes them over";
  }
  if (!manifest.origin.empty() && (failure.status == 422 || failure.status == 400 || conflict)) {
    text += fmt::format("\n    note: {} comes from {}", What(manifest), manifest.origin);
  }
  return text;
}

ApplyReport Apply(Api& api, const std::vector<Manifest>& manifests, const ApplyOptions& options,
                  const std::function<void(const Outcome&)>& progress) {
  ApplyReport report;
  // Every kind is looked up first: a cluster without, say, policy/v1 is found out before
  // anything has changed.
  std::vector<std::optional<Resource>> resources;
  bool missing = false;
  for (const Manifest& m : manifests) {
    Failure failure;
    resources.push_back(api.Find(m.api_version, m.kind, &failure));
    if (!resources.back() && failure.status != 404) {
      // No answer, no access or a broken server: every other request would fail alike.
      const Connection& c = api.transport().connection();
      report.fatal =
          failure.status == 0
              ? fmt::format("cannot reach the API server {}: {}", c.server, Describe(failure))
          : failure.status == 401
              ? fmt::format(
                    "the API server {} does not accept the credentials of user {} "
                    "({}): {}",
                    c.server, c.user.empty() ? "-" : c.user, Credentials(c), Describe(failure))
              : fmt::format("discovery at {} failed: {}", c.server, Describe(failure));
      report.outcomes.clear();
      for (const Manifest& other : manifests) {
        report.outcomes.push_back(
            {Outcome::State::NotAttempted, What(other), "not applied: no connection"});
      }
      return report;
    }
    if (!resources.back()) {
      missing = true;
      report.outcomes.push_back({Outcome::State::Failed, What(m), Describe(failure)});
      if (progress) progress(report.outcomes.back());
    }
  }
  if (missing) {
    for (size_t i = 0; i < manifests.size(); ++i) {
      if (resources[i]) {
        report.outcomes.push_back({Outcome::State::NotAttempted, What(manifests[i]),
                                   "not applied: see the errors above"});
      }
    }
    return report;
  }

  bool stop = false;
  for (size_t i = 0; i < manifests.size(); ++i) {
    const Manifest& m = manifests[i];
    Outcome outcome{Outcome::State::NotAttempted, What(m), ""};
    if (stop) {
      outcome.detail = "not applied: its namespace could not be applied";
      report.outcomes.push_back(outcome);
      continue;
    }
    std::string path = resources[i]->ObjectPath(m.namespace_name, m.name) + ApplyQuery(options);
    Reply reply = api.Patch(path, "application/apply-patch+yaml", m.json);
    if (reply.ok()) {
      outcome.state = reply.status == 201 ? Outcome::State::Created : Outcome::State::Applied;
    } else {
      outcome.state = Outcome::State::Failed;
      outcome.detail = ExplainFailure(*reply.failure, m, options);
      stop = m.kind == "Namespace";
    }
    if (progress) progress(outcome);
    report.outcomes.push_back(std::move(outcome));
  }
  return report;
}

}  // namespace whisk::kube
