#include "compiler/cli/options.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string_view>

#include "compiler/check/units.h"
#include "compiler/source/suggest.h"

namespace whisk::cli {
namespace {

constexpr std::string_view kHelp = R"(whiskc - compile whisk topologies into Kubernetes manifests

Usage:
  whiskc compile FILE [options]        write the topology's Kubernetes manifests
  whiskc check FILE [options]          check a topology and report every problem
  whiskc graph FILE [options]          print the dependency graph (Graphviz DOT)
  whiskc apply FILE [options]          server-side apply the manifests to a cluster
  whiskc status FILE [options]         show whether each component is ready in
                                       the cluster, and what it waits for
  whiskc diff FILE [options]           show what apply would change: each object
                                       as the cluster has it against what a
                                       server dry run of apply makes of it, as
                                       a unified diff of YAML with sorted keys
                                       (like kubectl diff: managedFields left
                                       out, Secret values masked, status and
                                       generation shown)
  whiskc delete FILE [options]         delete the topology's objects, last first,
                                       and wait until they and their pods are
                                       gone; volumes stay unless --volumes; the
                                       namespace goes only if it carries the
                                       instance label and holds nothing else
  whiskc fmt [-w | --check] [PATH...]  lay .ow files out in the one canonical
                                       layout (every .ow under a directory;
                                       standard input when no PATH): print the
                                       result, or -w rewrite the files in
                                       place, or --check list those that would
                                       change and exit 1 if any
  whiskc lsp                           serve an editor over the Language Server
                                       Protocol on standard input and output:
                                       diagnostics, hover, go to definition,
                                       references, completion, outline and
                                       formatting
  whiskc dump ast|program FILE [options]
                                       print a phase's output, for debugging
  whiskc --help                        show this help
  whiskc --version                     show the version

Options:
  -o, --output FILE      compile: write to FILE instead of stdout; the file
                         is replaced atomically and left untouched on error
      --split DIR        compile: one file per object in DIR, named by
                         order, kind and name (DIR is replaced as a whole)
      --format FORMAT    compile: yaml (default) or json (a v1 List);
                         graph: dot (default) or mermaid
      --kube-version V   compile: the Kubernetes release to target
                         (default 1.32; 1.23 or later)
  -f, --values FILE      read parameter values from a YAML file
                         (repeatable; a later file wins)
      --set NAME=VALUE   set a parameter (repeatable; wins over files;
                         a list is written {a,b,c})
      --lib DIR          look for imported modules in DIR (repeatable;
                         searched after the importing file's directory)
      --instance NAME    the instance name that prefixes every object
                         (default: the topology's name)
  -n, --namespace NS     the namespace (default: the topology's; apply, status,
                         diff and delete: else the kubeconfig context's, as
                         kubectl's; else default)
      --kubeconfig FILE  apply, status, diff, delete: this kubeconfig only
                         (default: $KUBECONFIG's files merged, else
                         ~/.kube/config, else the pod's service account)
      --context NAME     apply, status, diff, delete: the kubeconfig context
                         (default: current)
      --request-timeout D
                         apply, status, diff, delete: give up on a request
                         the server has not answered within D (default 30s;
                         0: wait for ever); such a request is not retried
      --dry-run=server   apply, delete: the server checks everything, changes
                         nothing (diff always is such a dry run)
      --force-conflicts  apply, diff: take over fields another field manager
                         owns
      --field-manager N  apply, diff: the field manager (default whiskc;
                         delete accepts it and has no use for it)
      --prune            apply: delete what an earlier apply of this instance
                         made and the topology no longer has (recorded in
                         the ApplySet Secret INSTANCE.applyset; nothing else
                         is ever touched); volumes are kept
      --prune-volumes    apply: --prune, and delete dropped volumes too
      --wait             apply: then wait, in dependency order, until every
                         Deployment, StatefulSet and DaemonSet is rolled out
                         and every Job complete (not CronJobs); a failed Job,
                         or a Deployment past its progress deadline, ends
                         the wait at once
      --timeout D        apply --wait: give up after D (default 5m; e.g. 90s,
                         1h30m) and say what each component still waits for;
                         delete: wait at most D until everything is gone
                         (default 5m; 0 does not wait)
      --volumes          delete: PersistentVolumeClaims too, those made from
                         StatefulSets' volumeClaimTemplates included
  -v, --verbose          apply, status, diff, delete: say which cluster and
                         user, and each retry
      --color WHEN       never, always or auto (default auto: on a terminal,
                         unless NO_COLOR is set)
      --diagnostic-format FORMAT
                         text (default) or json (one object per line)
      --max-errors N     list at most N errors (default 20; 0 lists all)

Environment:
  WHISK_PATH   colon-separated module directories, searched after --lib
               and before the installed stdlib
  NO_COLOR     turns colour off in auto mode

Exit status: 0 on success (warnings allowed), 1 on errors in the input,
2 on usage or I/O errors, 3 when the cluster refused or failed a request
(apply prints what was applied and what was not; running it again converges),
or when apply --wait timed out or a Job failed. `status` exits 0 when every
component is ready, 1 when one is not, 2 on errors in the input too, 3 when
the cluster cannot be asked.
`diff` exits 0 when apply would change nothing, 1 when it would change
something, 2 on errors in the input too, 3 when an object could not be
compared. `delete` exits 3 when a
DELETE failed or something was not gone in time, after saying what was
deleted and what was not.
)";

/// The checks that need the whole command line: which options fit which
/// command.
std::optional<Options> Validate(Options options, std::string* error) {
  bool compile = options.command == Command::Compile;
  bool apply = options.command == Command::Apply;
  bool status = options.command == Command::Status;
  bool diff = options.command == Command::Diff;
  bool remove = options.command == Command::Delete;
  bool graph = options.command == Command::Graph;
  auto fail = [&](std::string message) -> std::optional<Options> {
    *error = std::move(message);
    return std::nullopt;
  };
  if (!apply && !status && !diff && !remove &&
      (!options.kubeconfig.empty() || !options.context.empty() || options.verbose ||
       options.request_timeout_set)) {
    return fail(
        "--kubeconfig, --context, --request-timeout and -v apply to `apply`, `status`, `diff` "
        "and `delete` only");
  }
  if (!apply && !diff && !remove && (!options.field_manager.empty() || options.dry_run_server)) {
    return fail("--dry-run and --field-manager apply to `apply`, `diff` and `delete` only");
  }
  if (!apply && !diff && options.force_conflicts) {
    return fail("--force-conflicts applies to `apply` and `diff` only");
  }
  if (!apply && (options.prune || options.wait)) {
    return fail("--prune and --wait apply to `apply` only");
  }
  if (!apply && !remove && options.timeout_set) {
    return fail("--timeout applies to `apply --wait` and `delete` only");
  }
  if (!remove && options.volumes) return fail("--volumes applies to `delete` only");
  if (apply && options.timeout_set && !options.wait) return fail("--timeout needs --wait");
  if (options.wait && options.dry_run_server) {
    return fail("--wait waits for what was applied, and --dry-run=server applies nothing");
  }
  if (!compile &&
      (!options.output.empty() || !options.split_dir.empty() || !options.kube_version.empty())) {
    return fail("-o, --split and --kube-version apply to `compile` only");
  }
  bool format = options.command == Command::Fmt;
  if (!format && (options.fmt_write || options.fmt_check)) {
    return fail("-w and --check apply to `fmt` only");
  }
  if (options.fmt_write && options.fmt_check) return fail("choose one of -w and --check");
  if (options.fmt_write && options.fmt_paths.empty()) {
    return fail("-w rewrites files: name them (standard input has no file to rewrite)");
  }
  if (format && (!options.values_files.empty() || !options.sets.empty() ||
                 !options.lib_dirs.empty() || !options.instance.empty() ||
                 !options.namespace_name.empty())) {
    return fail("`fmt` reads files as they are: -f, --set, --lib, --instance and --namespace do "
                "not apply");
  }
  if (!options.output.empty() && !options.split_dir.empty()) {
    return fail("choose one of -o and --split");
  }
  if (options.format) {
    bool manifest = *options.format == Format::Yaml || *options.format == Format::Json;
    if (compile && !manifest) return fail("`compile` writes --format yaml or json");
    if (graph && manifest) return fail("`graph` writes --format dot or mermaid");
    if (!compile && !graph) return fail("--format applies to `compile` and `graph` only");
  }
  return options;
}

}  // namespace

std::string_view HelpText() { return kHelp; }

bool UseColor(const Options& options, int fd) {
  switch (options.color) {
    case Options::Color::Always:
      return true;
    case Options::Color::Never:
      return false;
    case Options::Color::Auto: {
      const char* no_color = std::getenv("NO_COLOR");
      return isatty(fd) && (no_color == nullptr || *no_color == '\0');
    }
  }
  return false;
}

std::optional<Options> ParseOptions(int argc, char** argv, std::string* error) {
  Options options;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  std::vector<std::string_view> positional;
  auto fail = [&](std::string message) -> std::optional<Options> {
    *error = std::move(message);
    return std::nullopt;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    std::string_view name = arg, inline_value;
    bool has_inline = false;
    if (arg.starts_with("--") && arg.find('=') != std::string_view::npos) {
      name = arg.substr(0, arg.find('='));
      inline_value = arg.substr(arg.find('=') + 1);
      has_inline = true;
    }
    auto value = [&]() -> std::optional<std::string> {
      if (has_inline) return std::string(inline_value);
      if (i + 1 >= args.size()) return std::nullopt;
      return std::string(args[++i]);
    };
    auto take = [&](std::string& target) -> bool {
      std::optional<std::string> v = value();
      if (!v) return false;
      target = *v;
      return true;
    };
    auto push = [&](std::vector<std::string>& target) -> bool {
      std::optional<std::string> v = value();
      if (!v) return false;
      target.push_back(*v);
      return true;
    };
    bool ok = true;
    if (name == "-h" || name == "--help") {
      options.command = Command::Help;
      return options;
    } else if (name == "--version") {
      options.command = Command::Version;
      return options;
    } else if (name == "-f" || name == "--values") {
      ok = push(options.values_files);
    } else if (name == "--set") {
      ok = push(options.sets);
    } else if (name == "--lib") {
      ok = push(options.lib_dirs);
    } else if (name == "--instance") {
      ok = take(options.instance);
    } else if (name == "-n" || name == "--namespace") {
      ok = take(options.namespace_name);
    } else if (name == "-o" || name == "--output") {
      ok = take(options.output);
    } else if (name == "--split") {
      ok = take(options.split_dir);
    } else if (name == "--kubeconfig") {
      ok = take(options.kubeconfig);
    } else if (name == "--context") {
      ok = take(options.context);
    } else if (name == "--field-manager") {
      ok = take(options.field_manager);
    } else if (name == "--force-conflicts") {
      options.force_conflicts = true;
    } else if (name == "--prune") {
      options.prune = true;
    } else if (name == "--prune-volumes") {
      options.prune = options.prune_volumes = true;
    } else if (name == "--wait") {
      options.wait = true;
    } else if (name == "--volumes") {
      options.volumes = true;
    } else if (name == "--timeout" || name == "--request-timeout") {
      std::string text;
      ok = take(text);
      // As kubectl's: a bare 0 needs no unit.
      std::optional<sema::Duration> duration =
          text == "0" ? sema::Duration{text, 0} : sema::ParseDuration(text);
      if (ok && !duration) {
        return fail(fmt::format("{} expects a duration such as 90s, 5m or 1h30m, not `{}`", name,
                                text));
      }
      if (ok && name == "--timeout") {
        options.timeout = std::chrono::milliseconds(duration->millis);
        options.timeout_set = true;
      } else if (ok) {
        options.request_timeout = std::chrono::milliseconds(duration->millis);
        options.request_timeout_set = true;
      }
    } else if (name == "-w" || name == "--write") {
      options.fmt_write = true;
    } else if (name == "--check") {
      options.fmt_check = true;
    } else if (name == "-v" || name == "--verbose") {
      options.verbose = true;
    } else if (name == "--dry-run") {
      std::string mode;
      ok = take(mode);
      if (ok && mode != "server") {
        return fail(
            fmt::format("--dry-run expects server, not `{}` (a client dry run is "
                        "`whiskc compile`)",
                        mode));
      }
      options.dry_run_server = ok;
    } else if (name == "--kube-version") {
      ok = take(options.kube_version);
    } else if (name == "--format") {
      std::string format;
      ok = take(format);
      static constexpr std::pair<std::string_view, Format> kFormats[] = {
          {"yaml", Format::Yaml},
          {"json", Format::Json},
          {"dot", Format::Dot},
          {"mermaid", Format::Mermaid}};
      options.format.reset();  // a later --format wins, and must be valid too
      for (const auto& [word, value] : kFormats) {
        if (format == word) options.format = value;
      }
      if (ok && !options.format) {
        return fail(fmt::format("--format expects yaml, json, dot or mermaid, not `{}`", format));
      }
    } else if (name == "--color" || name == "--colour") {
      std::string when;
      ok = take(when);
      if (ok && when == "never")
        options.color = Options::Color::Never;
      else if (ok && when == "always")
        options.color = Options::Color::Always;
      else if (ok && when == "auto")
        options.color = Options::Color::Auto;
      else if (ok)
        return fail(fmt::format("--color expects never, always or auto, not `{}`", when));
    } else if (name == "--diagnostic-format") {
      std::string format;
      ok = take(format);
      if (ok && format == "json")
        options.render.format = DiagFormat::Json;
      else if (ok && format == "text")
        options.render.format = DiagFormat::Text;
      else if (ok)
        return fail(fmt::format("--diagnostic-format expects text or json, not `{}`", format));
    } else if (name == "--max-errors") {
      std::string count;
      ok = take(count);
      size_t n = 0;
      auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
      if (ok && (ec != std::errc() || end != count.data() + count.size())) {
        return fail(fmt::format("--max-errors expects a number, not `{}`", count));
      }
      options.render.max_errors = n;
    } else if (arg.starts_with("-") && arg != "-") {
      static constexpr std::string_view kFlags[] = {
          "--help",       "--version",       "--values",    "--set",
          "--lib",        "--instance",      "--namespace", "--color",
          "--output",     "--split",         "--format",    "--kube-version",
          "--kubeconfig", "--context",       "--dry-run",   "--force-conflicts",
          "--prune",      "--prune-volumes", "--wait",      "--timeout",
          "--volumes",    "--field-manager", "--verbose",   "--diagnostic-format",
          "--max-errors", "--request-timeout", "--write",   "--check"};
      return fail(fmt::format("unknown option `{}`{}", name, DidYouMean(name, kFlags)));
    } else {
      positional.push_back(arg);
    }
    if (!ok) return fail(fmt::format("option `{}` needs a value", name));
  }
  if (positional.empty()) return fail("no command given; try `whiskc --help`");
  std::string_view command = positional[0];
  size_t file_at = 1;
  if (command == "check") {
    options.command = Command::Check;
  } else if (command == "compile") {
    options.command = Command::Compile;
  } else if (command == "graph") {
    options.command = Command::Graph;
  } else if (command == "apply") {
    options.command = Command::Apply;
  } else if (command == "status") {
    options.command = Command::Status;
  } else if (command == "diff") {
    options.command = Command::Diff;
  } else if (command == "delete") {
    options.command = Command::Delete;
  } else if (command == "fmt") {
    options.command = Command::Fmt;
    options.fmt_paths.assign(positional.begin() + 1, positional.end());
    return Validate(std::move(options), error);
  } else if (command == "lsp") {
    options.command = Command::Lsp;
    if (positional.size() > 1) {
      return fail(fmt::format("`lsp` takes no argument; it serves the editor on standard "
                              "input and output, not `{}`",
                              positional[1]));
    }
    return Validate(std::move(options), error);
  } else if (command == "dump") {
    if (positional.size() < 2) return fail("`dump` needs what to dump: `ast` or `program`");
    if (positional[1] == "ast")
      options.command = Command::DumpAst;
    else if (positional[1] == "program")
      options.command = Command::DumpProgram;
    else
      return fail(fmt::format("cannot dump `{}`; choose `ast` or `program`", positional[1]));
    file_at = 2;
  } else {
    static constexpr std::string_view kCommands[] = {"compile", "check", "graph", "apply",
                                                     "status",  "diff",  "delete", "fmt",
                                                     "lsp",     "dump"};
    return fail(fmt::format("unknown command `{}`{}", command, DidYouMean(command, kCommands)));
  }
  if (positional.size() <= file_at) return fail(fmt::format("`{}` needs a FILE", command));
  if (positional.size() > file_at + 1) {
    return fail(fmt::format("unexpected argument `{}`", positional[file_at + 1]));
  }
  options.file = positional[file_at];
  return Validate(std::move(options), error);
}

}  // namespace whisk::cli
