#include "compiler/cli/kube_commands.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "compiler/cli/cluster_session.h"
#include "compiler/cli/field_origin.h"
#include "compiler/emit/manifest_json.h"
#include "compiler/kube/api.h"
#include "compiler/kube/apply.h"
#include "compiler/kube/kubeconfig.h"
#include "compiler/kube/transport.h"

namespace whisk::cli {
namespace {

std::string Origin(const SourceMap& sources, Span span) {
  if (!span.valid()) return "";
  LineCol at = sources.Position(span.file, span.begin);
  return fmt::format("{}:{}:{}", sources.path(span.file), at.line, at.column);
}

}  // namespace

std::vector<kube::Manifest> ToManifests(const sema::Program& program, const k8s::ManifestSet& set,
                                        const SourceMap& sources) {
  std::vector<kube::Manifest> out;
  out.reserve(set.objects.size());
  for (const k8s::Object& object : set.objects) {
    kube::Manifest m;
    m.api_version = object.api_version;
    m.kind = object.kind;
    m.name = object.name;
    emit::AppendJsonDocument(m.json, set.tree, object.root);
    kube::Json doc = kube::Json::parse(m.json);
    m.namespace_name = doc["metadata"].value("namespace", "");
    m.origin = Origin(sources, object.span);
    m.locate = [&program, &object, &sources](const std::string& field) {
      return ShowSource(sources, FieldOrigin(program, object, field));
    };
    out.push_back(std::move(m));
  }
  return out;
}

namespace {

const char* Verb(kube::Outcome::State state, bool dry_run) {
  switch (state) {
    case kube::Outcome::State::Created:
      return dry_run ? "created (server dry run)" : "created";
    case kube::Outcome::State::Applied:
      return dry_run ? "applied (server dry run)" : "applied";
    case kube::Outcome::State::Pruned:
      return dry_run ? "pruned (server dry run)" : "pruned";
    case kube::Outcome::State::Kept:
      return "kept (a volume: --prune-volumes deletes it)";
    default:
      return "";
  }
}

}  // namespace

int RunApply(const Options& options, const sema::Program& program, const k8s::ManifestSet& set,
             const SourceMap& sources) {
  std::unique_ptr<KubeSession> session = OpenSession(options);
  if (!session) return kExitClusterError;
  kube::Api& api = *session->api;
  kube::ApplyOptions apply_options;
  apply_options.dry_run = options.dry_run_server;
  apply_options.force_conflicts = options.force_conflicts;
  if (!options.field_manager.empty()) apply_options.field_manager = options.field_manager;
  apply_options.instance = program.instance;
  apply_options.prune = options.prune;
  apply_options.prune_volumes = options.prune_volumes;

  std::vector<kube::Manifest> manifests = ToManifests(program, set, sources);
  kube::ApplyReport report =
      kube::Apply(api, manifests, apply_options, [&](const kube::Outcome& outcome) {
        if (outcome.state == kube::Outcome::State::Failed) {
          Err(fmt::format("whiskc: error: {}: {}", outcome.what, outcome.detail));
        } else if (outcome.state != kube::Outcome::State::NotAttempted) {
          std::fputs(
              fmt::format("{} {}\n", outcome.what, Verb(outcome.state, apply_options.dry_run))
                  .c_str(),
              stdout);
          std::fflush(stdout);
        }
      });
  if (report.ok()) return 0;
  if (!report.fatal.empty()) Err("whiskc: error: " + report.fatal);
  size_t applied = 0, failed = 0;
  std::vector<std::string> skipped;
  for (const kube::Outcome& o : report.outcomes) {
    if (o.state == kube::Outcome::State::Failed) ++failed;
    if (o.state == kube::Outcome::State::NotAttempted) skipped.push_back(o.what);
    if (o.state == kube::Outcome::State::Created || o.state == kube::Outcome::State::Applied) {
      ++applied;
    }
  }
  if (applied == 0 && failed == 0) {
    Err(fmt::format("whiskc: nothing applied ({} objects)", report.outcomes.size()));
    return kExitClusterError;  // the one cause above says it all; a plain re-run converges
  }
  Err(fmt::format("whiskc: applied {} of {} objects; {} failed, {} not attempted", applied,
                  report.outcomes.size(), failed, skipped.size()));
  constexpr size_t kNamed = 8;
  if (!skipped.empty()) {
    std::string names = fmt::format(
        "{}", fmt::join(skipped.begin(), skipped.begin() + std::min(kNamed, skipped.size()), ", "));
    if (skipped.size() > kNamed) names += fmt::format(" and {} more", skipped.size() - kNamed);
    Err("whiskc: not attempted: " + names);
  }
  Err("whiskc: running apply again after fixing the cause converges");
  return kExitClusterError;
}

}  // namespace whisk::cli
