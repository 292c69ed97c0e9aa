#!/usr/bin/env bash
# editors.vim: editors/vim in a real, headless Vim (Debian's vim-nox):
#   vim.sh WHISKC
# - *.ow is detected as whisk, and the ftplugin sets the comment options and
#   the whiskc compiler;
# - the syntax gives each position of expect.txt the group of its class, and
#   highlights every declaration, property and topology keyword that begins a
#   line of sample.ow;
# - gg=G re-indents badly indented copies of sample.ow, of every example and
#   stdlib file and of the outputs of whiskc fmt's golden cases into the
#   originals, as whiskc fmt lays them out;
# - :make (whiskc check) and :cgetexpr of whiskc's real diagnostics for a broken
#   file give quickfix entries at each diagnostic's file, line and column.
# The checks themselves are in vim_check.vim.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
whiskc=${1:?usage: vim.sh WHISKC}
whiskc="$(cd "$(dirname "$whiskc")" && pwd)/$(basename "$whiskc")"
# shellcheck source=../lib/shell_test.sh
source "$root/tests/lib/shell_test.sh"

if ! command -v vim >/dev/null; then
  echo "error: vim is not installed; dev/setup installs it (package vim-nox)" >&2
  exit 1
fi
vim --version | head -n 1
if ! vim --version | grep -q '+eval' || ! vim --version | grep -q '+syntax'; then
  echo "error: this vim has no +eval or +syntax; install Debian's vim-nox (dev/setup does)" >&2
  exit 1
fi

# shellcheck source=prepare.sh
source "$here/prepare.sh"

# whiskc on PATH for :make, as `whiskc` (makeprg names it so).
mkdir -p "$work/bin"
ln -s "$whiskc" "$work/bin/whiskc"

(cd "$work" && PATH="$work/bin:$PATH" WHISK_ROOT="$root" WHISK_WORK="$work" timeout 120 \
  vim -N -n -u NONE -i NONE -es \
  --cmd "set rtp+=$root/editors/vim" --cmd 'filetype plugin indent on' --cmd 'syntax on' \
  -S "$here/vim_check.vim" </dev/null >"$work/vim.log" 2>&1) || true

if [[ ! -f $work/vim-results.txt ]] || [[ $(tail -n 1 "$work/vim-results.txt") != "done" ]]; then
  cat "$work/vim.log" >&2
  fail "vim did not finish vim_check.vim"
else
  while IFS= read -r line; do
    case $line in
    ok\ *) echo "$line" ;;
    FAIL\ *) fail "${line#FAIL }" ;;
    esac
  done <"$work/vim-results.txt"
fi

if ((failures > 0)); then
  echo "editors.vim: $failures failures" >&2
  exit 1
fi
echo "editors.vim: ok"
