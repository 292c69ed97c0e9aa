#!/usr/bin/env bash
# check_install.sh BUILD_DIR SOURCE_DIR: `cmake --install` into a scratch
# prefix must give a whiskc that finds the installed stdlib by itself (no
# --lib, no WHISK_PATH): every module of the source tree is installed, and a
# topology importing all of them checks cleanly. A probe module that exists
# only in the installed copy proves the installed directory is the one read.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
  exit 2
fi
build=$1 source=$2

# shellcheck source=tests/lib/shell_test.sh
source "$(dirname "$0")/../lib/shell_test.sh"

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || {
  cat "$work/install.log" >&2
  echo "FAIL: cmake --install failed" >&2
  exit 1
}
whiskc=$prefix/bin/whiskc
stdlib=$prefix/share/whiskc/stdlib
[[ -x $whiskc ]] || fail "no executable bin/whiskc in the installed tree"

imports="" count=0
for module in "$source"/stdlib/*.ow; do
  name=$(basename "$module" .ow)
  [[ -f $stdlib/$name.ow ]] || fail "stdlib/$name.ow is not installed in share/whiskc/stdlib"
  imports+="import \"$name\""$'\n'
  count=$((count + 1))
done
cat >"$stdlib/installed_probe.ow" <<'OW'
template service installed_probe() {
  image "registry.example.com/probe:1.0.0"
}
OW

mkdir -p "$work/project"
cat >"$work/project/main.ow" <<OW
${imports}import "installed_probe"

topology probe {
  namespace "probe"
}

use installed_probe as probe
OW
if ! (cd "$work/project" && env -u WHISK_PATH "$whiskc" check main.ow); then
  fail "the installed whiskc cannot import the installed stdlib"
fi

if [[ $failures -gt 0 ]]; then
  exit 1
fi
echo "install: whiskc and $count stdlib modules installed and found"
