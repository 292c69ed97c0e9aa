#include "compiler/cli/diff_delete_commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "compiler/cli/cluster_session.h"
#include "compiler/cli/kube_commands.h"
#include "compiler/cli/readiness_output.h"
#include "compiler/kube/delete.h"
#include "compiler/kube/diff.h"
#include "compiler/kube/unified_diff.h"

namespace whisk::cli {
namespace {

void Out(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

/// "3 gone, 1 kept, 2 failed": the counts that are not zero.
std::string Counts(const std::vector<std::pair<size_t, std::string>>& counts) {
  std::string out;
  for (const auto& [count, what] : counts) {
    if (count == 0) continue;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", count, what);
  }
  return out;
}

}  // namespace

int RunDiff(const Options& options, const sema::Program& program, const k8s::ManifestSet& set,
            const SourceMap& sources) {
  std::unique_ptr<KubeSession> session = OpenSession(options);
  if (!session) return kExitClusterError;
  kube::ApplyOptions apply_options;
  apply_options.force_conflicts = options.force_conflicts;
  if (!options.field_manager.empty()) apply_options.field_manager = options.field_manager;
  apply_options.instance = program.instance;
  bool color = UseColor(options, STDOUT_FILENO);
  std::vector<kube::Manifest> manifests = ToManifests(program, set, sources);
  kube::DiffReport report =
      kube::Diff(*session->api, manifests, apply_options, [color](const kube::ObjectDiff& d) {
        if (!d.note.empty()) Err("whiskc: note: " + d.note);
        if (!d.error.empty()) {
          Err(fmt::format("whiskc: error: {}: {}", d.what, d.error));
        } else if (!d.diff.empty()) {
          Out(color ? kube::ColorizeDiff(d.diff) : d.diff);
        }
      });
  if (!report.fatal.empty()) {
    Err("whiskc: error: " + report.fatal);
    Err(fmt::format("whiskc: nothing compared ({} objects)", manifests.size()));
    return kExitClusterError;
  }
  if (!report.ok()) {
    size_t failed = 0;
    for (const kube::ObjectDiff& d : report.objects) failed += d.error.empty() ? 0 : 1;
    Err(fmt::format("whiskc: {} of {} objects could not be compared", failed,
                    report.objects.size()));
    return kExitClusterError;
  }
  return report.changed() ? kExitDiffers : 0;
}

int RunDelete(const Options& options, const sema::Program& program, const k8s::ManifestSet& set,
              const SourceMap& sources) {
  std::unique_ptr<KubeSession> session = OpenSession(options);
  if (!session) return kExitClusterError;
  kube::DeleteOptions delete_options;
  delete_options.dry_run = options.dry_run_server;
  delete_options.volumes = options.volumes;
  delete_options.instance = program.instance;
  delete_options.timeout = options.timeout;
  const char* dry = options.dry_run_server ? " (server dry run)" : "";
  kube::DeleteProgress progress;
  progress.done = [dry](const kube::Removal& r) {
    std::string detail = r.detail.empty() ? "" : " (" + r.detail + ")";
    switch (r.state) {
      case kube::Removal::State::Deleted:
        Out(fmt::format("{} deleted{}{}\n", r.what, dry, detail));
        break;
      case kube::Removal::State::Absent:
        Out(fmt::format("{} already gone{}\n", r.what, detail));
        break;
      case kube::Removal::State::Kept:
        Out(fmt::format("{} kept{}\n", r.what, detail));
        break;
      case kube::Removal::State::Failed:
      case kube::Removal::State::NotAttempted:
      case kube::Removal::State::Remaining:
        Err(fmt::format("whiskc: error: {}: {}", r.what, r.detail));
        break;
    }
  };
  progress.waiting = [&options](size_t left) {
    Out(fmt::format("waiting until {} object{} {} gone (at most {})\n", left, left == 1 ? "" : "s",
                    left == 1 ? "is" : "are", FormatDuration(options.timeout)));
  };
  std::vector<kube::Manifest> manifests = ToManifests(program, set, sources);
  kube::DeleteReport report = kube::Delete(*session->api, manifests, delete_options, progress);
  if (report.ok()) return 0;
  if (!report.fatal.empty()) {
    Err("whiskc: error: " + report.fatal);
    Err(fmt::format("whiskc: nothing deleted ({} objects)", manifests.size()));
    return kExitClusterError;
  }
  size_t gone = 0, kept = 0, failed = 0, remaining = 0, skipped = 0;
  for (const kube::Removal& r : report.removals) {
    switch (r.state) {
      case kube::Removal::State::Deleted:
      case kube::Removal::State::Absent:
        ++gone;
        break;
      case kube::Removal::State::Kept:
        ++kept;
        break;
      case kube::Removal::State::Failed:
        ++failed;
        break;
      case kube::Removal::State::NotAttempted:
        ++skipped;
        break;
      case kube::Removal::State::Remaining:
        ++remaining;
        --gone;  // it was counted when its DELETE was accepted
        break;
    }
  }
  Err(fmt::format("whiskc: {}; running delete again finishes the job",
                  Counts({{gone, "gone"},
                          {kept, "kept"},
                          {failed, "failed"},
                          {remaining, "still there after " + FormatDuration(options.timeout)},
                          {skipped, "not attempted"}})));
  return kExitClusterError;
}

}  // namespace whisk::cli
