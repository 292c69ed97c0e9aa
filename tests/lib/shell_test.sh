# shellcheck shell=bash
# Shared by the shell tests under tests/: sourced, not run. Gives a scratch
# directory `$work` (removed on exit), `fail MESSAGE` (counted in
# `$failures`), `require_dot` and `example_values`.

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

# example_values FILE: sets the array `values` to `-f V` for each values file
# (*.yaml) beside an example's topology, in name order: an example whose
# params need values (the OpenWhisk API host) is always compiled with them.
example_values() {
  values=()
  local file
  for file in "$(dirname "$1")"/*.yaml; do
    [[ -f $file ]] && values+=(-f "$file")
  done
  return 0
}
