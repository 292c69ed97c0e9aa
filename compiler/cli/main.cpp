// whiskc: the command line.
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "compiler/check/dump_program.h"
#include "compiler/cli/cluster_session.h"
#include "compiler/cli/diff_delete_commands.h"
#include "compiler/cli/fmt_command.h"
#include "compiler/lsp/server.h"
#include "compiler/cli/frontend.h"
#include "compiler/cli/kube_commands.h"
#include "compiler/cli/options.h"
#include "compiler/cli/output.h"
#include "compiler/cli/status_commands.h"
#include "compiler/emit/dependency_graph.h"
#include "compiler/lower/lower.h"
#include "compiler/lower/prefault.h"
#include "compiler/parse/dump.h"

namespace whisk::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitUsage = 2;

/// A file that cannot be read (the topology, a module, a values file) is an
/// I/O failure, not a mistake in the input.
int ExitStatus(const FrontendResult& result, const Diagnostics& diags) {
  bool unreadable = result.io_error ||
                    std::any_of(diags.all().begin(), diags.all().end(), [](const Diagnostic& d) {
                      return d.code == DiagCode::FileUnreadable;
                    });
  if (unreadable) return kExitUsage;
  return diags.has_errors() ? kExitInputErrors : kExitOk;
}

/// Everything is written: leave without freeing a large program piece by
/// piece, which costs several milliseconds for 10 000 components.
[[noreturn]] void ExitNow(int status) {
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(status);
}

/// Runs the front end and whatever the command asks of its result. Output
/// is written only when the whole run is free of errors.
[[noreturn]] void RunCommand(const Options& options, const lower::LowerOptions& lower_options) {
  SourceMap sources;
  Diagnostics diags;
  bool cluster = options.command == Command::Apply || options.command == Command::Status ||
                 options.command == Command::Diff || options.command == Command::Delete;
  // kubectl puts objects that name no namespace into the context's; so do the cluster commands.
  // compile does not read a kubeconfig: its output is the same on every machine.
  std::string context_namespace =
      cluster && options.namespace_name.empty() ? ContextNamespace(options) : "";
  FrontendResult result = RunFrontend(options, sources, diags, context_namespace);
  bool clean = !result.io_error && !diags.has_errors();
  k8s::ManifestSet manifests;
  bool lowers = options.command == Command::Compile || cluster;
  if (lowers && clean) {
    manifests = lower::Lower(result.program, lower_options, diags);
    clean = !diags.has_errors();
  }
  diags.Sort();
  std::string rendered = RenderDiagnostics(diags, sources, options.render);
  int status = ExitStatus(result, diags);
  if (!result.io_error && options.command == Command::DumpAst) {
    for (const resolve::LoadedModule& module : result.modules.modules) {
      std::fputs(fmt::format("// {}\n{}", module.path, ast::Dump(module.ast)).c_str(), stdout);
    }
  } else if (clean && options.command == Command::DumpProgram) {
    std::fputs(sema::DumpProgram(result.program).c_str(), stdout);
  } else if (clean && options.command == Command::Graph) {
    std::string graph = options.format == Format::Mermaid
                            ? emit::DependencyGraphMermaid(result.program)
                            : emit::DependencyGraphDot(result.program);
    std::fputs(graph.c_str(), stdout);
  } else if (clean && options.command == Command::Apply) {
    // Problems in the input are reported before the cluster is contacted.
    std::fputs(rendered.c_str(), stderr);
    rendered.clear();
    status = RunApply(options, result.program, manifests, sources);
    if (status == kExitOk && options.wait) status = RunWait(options, result.program, manifests);
  } else if (clean && options.command == Command::Status) {
    std::fputs(rendered.c_str(), stderr);
    rendered.clear();
    status = RunStatus(options, result.program, manifests);
  } else if (clean && options.command == Command::Diff) {
    std::fputs(rendered.c_str(), stderr);
    rendered.clear();
    status = RunDiff(options, result.program, manifests, sources);
  } else if (clean && options.command == Command::Delete) {
    std::fputs(rendered.c_str(), stderr);
    rendered.clear();
    status = RunDelete(options, result.program, manifests, sources);
  } else if (clean && options.command == Command::Compile) {
    std::string error;
    if (!WriteManifests(options, manifests, &error)) {
      rendered += fmt::format("whiskc: error: {}\n", error);
      status = kExitUsage;
    }
  }
  // For diff, 1 means "apply would change something" (as for kubectl diff): errors in the input
  // must not read as that.
  if (options.command == Command::Diff && !clean && status == kExitInputErrors) status = kExitUsage;
  // Nor for status, where 1 means "not all ready".
  if (options.command == Command::Status && !clean && status == kExitInputErrors) {
    status = kExitUsage;
  }
  std::fputs(rendered.c_str(), stderr);
  ExitNow(status);
}

int Run(int argc, char** argv) {
  std::string error;
  std::optional<Options> parsed = ParseOptions(argc, argv, &error);
  if (!parsed) {
    std::fputs(fmt::format("whiskc: error: {}\n", error).c_str(), stderr);
    return kExitUsage;
  }
  Options& options = *parsed;
  if (options.command == Command::Help) {
    std::fputs(HelpText().data(), stdout);
    return kExitOk;
  }
  if (options.command == Command::Version) {
    std::fputs("whiskc " WHISK_VERSION "\n", stdout);
    return kExitOk;
  }
  options.render.color = UseColor(options, STDERR_FILENO);
  if (options.command == Command::Fmt) return RunFmt(options);
  if (options.command == Command::Lsp) {
    // A client that goes away must not kill the server with SIGPIPE: writes just fail.
    std::signal(SIGPIPE, SIG_IGN);
    return lsp::Serve(STDIN_FILENO, STDOUT_FILENO);
  }
  if (options.command == Command::Compile) {
    // Lowering writes about 28 bytes of nodes per byte of source: have them
    // faulted in on another core while the front end runs.
    std::error_code ec;
    uintmax_t source_bytes = std::filesystem::file_size(options.file, ec);
    // The front end's heap takes about 20 bytes per source byte; stay under
    // the mmap threshold so that the freed pages return to the heap.
    size_t heap = std::min<size_t>(static_cast<size_t>(source_bytes) * 20, 60 << 20);
    if (!ec) k8s::PrefaultTreeMemory(static_cast<size_t>(source_bytes) * 28, heap);
  }
  lower::LowerOptions lower_options;
  if (!options.kube_version.empty()) {
    std::optional<lower::KubeVersion> version =
        lower::KubeVersion::Parse(options.kube_version, &error);
    if (!version) {
      std::fputs(fmt::format("whiskc: error: {}\n", error).c_str(), stderr);
      return kExitUsage;
    }
    lower_options.kube_version = *version;
  }
  RunCommand(options, lower_options);
}

}  // namespace
}  // namespace whisk::cli

int main(int argc, char** argv) {
  // A run allocates and frees large vectors (syntax trees, reachability rows);
  // keeping them in the heap instead of fresh mmaps saves page faults.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  // One arena: heap pages a helper thread faults in serve the main thread.
  mallopt(M_ARENA_MAX, 1);
  return whisk::cli::Run(argc, argv);
}
