#!/usr/bin/env bash
# render_dot.sh WHISKC ROOT: for every example topology (ROOT/examples/*/*.ow
# with a `topology` line), `whiskc graph` must print DOT that Graphviz renders
# to an SVG holding one node per component, and `--format mermaid` a Mermaid
# flowchart naming them all. The component names come from `whiskc dump
# program`, not from the graph, so a component the graph leaves out fails.
# Each runs with the values files beside the topology (`example_values`).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 WHISKC ROOT" >&2
  exit 2
fi
whiskc=$1
root=$2

# shellcheck source=tests/lib/shell_test.sh
source "$(dirname "$0")/../lib/shell_test.sh"
require_dot

# The components of a topology, one name a line. `dump program` prints them as
# an array of objects at a fixed indent, each `"name"` line followed by its
# `"kind"`; storage and data entries have names too, but no kind after them.
component_names() {
  example_values "$1"
  "$whiskc" dump program "$1" "${values[@]}" | awk '
    /^      "name": "/ { name = $0; sub(/^      "name": "/, "", name); sub(/",$/, "", name); next }
    /^      "kind": "(service|stateful|daemon|job|cron)"/ { if (name != "") print name }
    { name = "" }'
}

check_example() {
  local file=$1 dotfile=$work/graph.dot svg=$work/graph.svg mermaid=$work/graph.mmd
  local names name count nodes failed_before=$failures
  names=$(component_names "$file") || { fail "$file: whiskc dump program failed"; return; }
  count=$(grep -c . <<<"$names" || true)
  if [[ $count -eq 0 ]]; then
    fail "$file: found no components in \`whiskc dump program\`"
    return
  fi
  example_values "$file"
  "$whiskc" graph "$file" "${values[@]}" >"$dotfile" || {
    fail "$file: whiskc graph exited with $?"
    return
  }
  if ! dot -Tsvg "$dotfile" >"$svg"; then
    fail "$file: dot -Tsvg rejected the graph ($dotfile):"
    cat "$dotfile" >&2
    return
  fi
  if [[ ! -s $svg ]] || ! grep -q '<svg' "$svg"; then
    fail "$file: dot wrote no SVG"
    return
  fi
  nodes=$(grep -c 'class="node"' "$svg" || true)
  [[ $nodes -eq $count ]] || fail "$file: the SVG has $nodes nodes for $count components"
  while IFS= read -r name; do
    # Graphviz titles each node with its id and writes its label as text.
    grep -qF "<title>$name</title>" "$svg" || fail "$file: no node \`$name\` in the SVG"
    grep -qF ">$name</text>" "$svg" || fail "$file: no label \`$name\` in the SVG"
  done <<<"$names"

  "$whiskc" graph "$file" "${values[@]}" --format mermaid >"$mermaid" || {
    fail "$file: whiskc graph --format mermaid exited with $?"
    return
  }
  if ! head -n 1 "$mermaid" | grep -qE '^(flowchart|graph)( |$)'; then
    fail "$file: the Mermaid output does not start with \`flowchart\` or \`graph\`"
  fi
  while IFS= read -r name; do
    grep -qF "\"$name<br/>" "$mermaid" || fail "$file: no node \`$name\` in the Mermaid output"
  done <<<"$names"
  [[ $failures -gt $failed_before ]] || echo "ok: $file ($count components)"
}

examples=0
for file in "$root"/examples/*/*.ow; do
  if [[ -f $file ]] && grep -q '^topology ' "$file"; then
    examples=$((examples + 1))
    check_example "$file"
  fi
done

if [[ $examples -eq 0 ]]; then
  echo "error: no example topology under $root/examples" >&2
  exit 1
fi
if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s) in $examples example(s)" >&2
  exit 1
fi
echo "graph.render_dot: $examples example(s) rendered"
