#!/usr/bin/env bash
# check_examples.sh WHISKC ROOT [--update]: keeps the examples' READMEs true.
# For every ROOT/examples/DIR that has a README.md and a graph.svg beside the
# topology (the one DIR/*.ow with a `topology` line):
#  (a) `whiskc graph FILE | dot -Tsvg` must equal the committed graph.svg;
#      `--update` rewrites the pictures instead of comparing them;
#  (b) every line of the README's ```yaml excerpt must appear, in order, in
#      `whiskc compile FILE` (whiskc's output, not a hand-edited copy); a line
#      that is only `# ...` (indented or not) marks lines left out.
# Both run with the values files beside the topology (`example_values`).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 || ( $# -eq 3 && $3 != --update ) ]]; then
  echo "usage: $0 WHISKC ROOT [--update]" >&2
  exit 2
fi
whiskc=$1
root=$2
update=${3:-}

# shellcheck source=tests/lib/shell_test.sh
source "$(dirname "$0")/../lib/shell_test.sh"
require_dot

# The lines of the first ```yaml block of a README, without `# ...` markers.
excerpt() {
  awk '/^```yaml[[:space:]]*$/ { inside = 1; next }
       inside && /^```/ { exit }
       inside && !/^[[:space:]]*# \.\.\.[[:space:]]*$/ { print }' "$1"
}

# Is every line of $1 in $2, in order? Prints the first that is not.
in_order() {
  awk 'BEGIN { i = 0; n = 0 }
       NR == FNR { want[n++] = $0; next }
       i < n && $0 == want[i] { i++ }
       END { if (i < n) { print want[i]; exit 1 } }' "$1" "$2"
}

check_example() {
  local dir=$1 name file svg=$1/graph.svg readme=$1/README.md
  local failed_before=$failures
  name=$(basename "$dir")
  file=$(grep -l '^topology ' "$dir"/*.ow 2>/dev/null | head -n 1 || true)
  if [[ -z $file ]]; then
    fail "examples/$name: has a README.md and graph.svg but no .ow file with a topology"
    return
  fi

  example_values "$file"
  # (a) the picture
  if ! "$whiskc" graph "$file" "${values[@]}" >"$work/graph.dot"; then
    fail "examples/$name: whiskc graph $file failed"
    return
  fi
  if ! dot -Tsvg "$work/graph.dot" >"$work/graph.svg"; then
    fail "examples/$name: dot -Tsvg rejected the graph"
    return
  fi
  if [[ $update == --update ]]; then
    if ! cmp -s "$work/graph.svg" "$svg"; then
      cp "$work/graph.svg" "$svg"
      echo "updated: examples/$name/graph.svg"
    fi
  elif ! cmp -s "$work/graph.svg" "$svg"; then
    diff -u "$svg" "$work/graph.svg" | head -n 40 >&2 || true
    fail "examples/$name/graph.svg is not what \`whiskc graph\` draws now; refresh it with
  whiskc graph $file ${values[*]} | dot -Tsvg > $svg
or: bash $0 WHISKC ROOT --update"
  fi

  # (b) the manifest excerpt
  excerpt "$readme" >"$work/excerpt.yaml"
  if [[ ! -s $work/excerpt.yaml ]]; then
    fail "examples/$name/README.md has no \`\`\`yaml excerpt of the generated manifests"
  elif ! "$whiskc" compile "$file" "${values[@]}" >"$work/out.yaml"; then
    fail "examples/$name: whiskc compile $file failed"
  else
    local missing
    if ! missing=$(in_order "$work/excerpt.yaml" "$work/out.yaml"); then
      fail "examples/$name/README.md: the excerpt's line
  $missing
is not in \`whiskc compile $file\` (or not in that order); copy the excerpt again from the output"
    fi
  fi
  [[ $failures -gt $failed_before ]] || echo "ok: examples/$name"
}

checked=0
for dir in "$root"/examples/*/; do
  dir=${dir%/}
  if [[ -f $dir/README.md && -f $dir/graph.svg ]]; then
    checked=$((checked + 1))
    check_example "$dir"
  fi
done

if [[ $checked -eq 0 ]]; then
  echo "error: no example under $root/examples has a README.md and a graph.svg" >&2
  exit 1
fi
if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s) in $checked example(s)" >&2
  exit 1
fi
echo "examples.readmes: $checked example(s) checked"
