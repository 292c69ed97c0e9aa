# shellcheck shell=bash
# Shared by the shell tests under tests/: sourced, not run. Gives a scratch
# directory `$work` (removed on exit), `fail MESSAGE` (counted in
# `$failures`), and `require_dot`.

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

require_dot() {
  if ! command -v dot >/dev/null; then
    echo "error: Graphviz's \`dot\` is not installed; dev/setup installs it (package graphviz)" >&2
    exit 1
  fi
}
