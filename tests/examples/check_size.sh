#!/usr/bin/env bash
# check_size.sh ROOT FILE BUDGET: the whisk source of an example (FILE,
# relative to ROOT) plus the stdlib modules it imports, counted in lines
# (comments and blank lines included), must stay within BUDGET. The OpenWhisk
# example's budget is a tenth of the Helm chart it replaces. Job scripts and
# configuration files are not whisk source and are not counted.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 ROOT FILE BUDGET" >&2
  exit 2
fi
root=$1 file=$2 budget=$3

files=("$root/$file")
while read -r module; do
  [[ -f $root/stdlib/$module.ow ]] && files+=("$root/stdlib/$module.ow")
done < <(sed -n 's/^import "\([a-z_]*\)\(\.ow\)\{0,1\}"$/\1/p' "$root/$file" | sort -u)

total=0
for f in "${files[@]}"; do
  lines=$(wc -l <"$f")
  total=$((total + lines))
  printf '%5d %s\n' "$lines" "${f#"$root"/}"
done
printf '%5d in all (budget %d)\n' "$total" "$budget"
if [[ $total -gt $budget ]]; then
  echo "FAIL: $file and the modules it imports have $total lines, over the budget of $budget" >&2
  exit 1
fi
