#!/usr/bin/env bash
# editors.emacs: editors/emacs/whisk-mode.el in a real Emacs, in batch mode
# (Debian's emacs-nox):
#   emacs.sh WHISKC
# - whisk-mode.el byte-compiles without a warning;
# - *.ow opens in whisk-mode, with // comments;
# - font-lock gives each position of expect.txt the face of its class;
# - every declaration, property and topology keyword that begins a line of
#   sample.ow has a face;
# - indent-region re-indents badly indented copies of sample.ow, of every
#   example and stdlib file and of the outputs of whiskc fmt's golden cases
#   into the originals, as whiskc fmt lays them out;
# - compilation-mode finds whiskc's diagnostics for a broken file.
# The checks themselves are in emacs_check.el.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
whiskc=${1:?usage: emacs.sh WHISKC}
whiskc="$(cd "$(dirname "$whiskc")" && pwd)/$(basename "$whiskc")"
# shellcheck source=../lib/shell_test.sh
source "$root/tests/lib/shell_test.sh"

if ! command -v emacs >/dev/null; then
  echo "error: emacs is not installed; dev/setup installs it (package emacs-nox)" >&2
  exit 1
fi
emacs --version | head -n 1

# Byte-compiled with every warning an error, in a copy (no .elc left behind).
cp "$root/editors/emacs/whisk-mode.el" "$work/whisk-mode.el"
if ! log=$(timeout 120 emacs --batch -Q --eval '(setq byte-compile-error-on-warn t)' \
  -f batch-byte-compile "$work/whisk-mode.el" 2>&1); then
  fail "whisk-mode.el does not byte-compile without warnings:"
  printf '%s\n' "$log" >&2
elif grep -qi 'warning' <<<"$log"; then
  fail "byte-compiling whisk-mode.el warns: $log"
else
  echo "ok whisk-mode.el byte-compiles without warnings"
fi

# shellcheck source=prepare.sh
source "$here/prepare.sh"

status=0
WHISK_ROOT="$root" WHISK_WORK="$work" timeout 180 emacs --batch -Q \
  -l "$root/editors/emacs/whisk-mode.el" -l "$here/emacs_check.el" </dev/null >"$work/emacs.log" 2>&1 || status=$?
while IFS= read -r line; do
  case $line in
  ok\ * | done) echo "$line" ;;
  FAIL\ *) fail "${line#FAIL }" ;;
  *failures) ;;
  *) echo "  $line" ;;
  esac
done <"$work/emacs.log"
if [[ $status != 0 ]] && ((failures == 0)); then
  fail "emacs exited $status"
fi
if ! grep -qx "done" "$work/emacs.log" && ((failures == 0)); then
  fail "emacs did not finish emacs_check.el"
fi

if ((failures > 0)); then
  echo "editors.emacs: $failures failures" >&2
  exit 1
fi
echo "editors.emacs: ok"
