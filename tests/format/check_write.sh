#!/usr/bin/env bash
# whiskc fmt -w end to end: rewrites in place what would change (the same bytes `whiskc fmt`
# prints), keeps the file's mode, leaves formatted files and files with syntax errors
# byte for byte alone, and reads standard input when given no path.
#   check_write.sh WHISKC
set -euo pipefail
whiskc=$1
source "$(dirname "$0")/../lib/shell_test.sh"

cd "$work"
printf 'service  api { image "api:1"   port http 8080 }\n' >messy.ow
printf 'service api {\n  image "api:1"\n}\n' >tidy.ow
printf 'service api {\n  port http\n}\n' >broken.ow
chmod 640 messy.ow
cp broken.ow broken.before
expected=$("$whiskc" fmt messy.ow)
touch -d '2020-01-01 00:00' tidy.ow
status=0
"$whiskc" fmt -w messy.ow tidy.ow broken.ow >out.txt 2>err.txt || status=$?

[[ $status == 1 ]] || fail "fmt -w with a broken file exits $status, not 1"
[[ ! -s out.txt ]] || fail "fmt -w printed: $(cat out.txt)"
grep -q '^broken.ow:2:12: error\[E0101\]' err.txt || fail "the syntax error is not reported: $(cat err.txt)"
[[ "$(cat messy.ow)" == "$expected" ]] || fail "messy.ow is not what fmt prints: $(cat messy.ow)"
[[ "$(stat -c %a messy.ow)" == 640 ]] || fail "messy.ow lost its mode: $(stat -c %a messy.ow)"
[[ "$(stat -c %Y tidy.ow)" == "$(date -d '2020-01-01 00:00' +%s)" ]] || fail "tidy.ow was rewritten although formatted"
cmp -s broken.ow broken.before || fail "broken.ow was changed"
ls -A | grep -qv -e '^messy.ow$' -e '^tidy.ow$' -e '^broken' -e '^out.txt$' -e '^err.txt$' &&
  fail "fmt -w left files behind: $(ls -A)"

# A symbolic link stays one; the file it points to is rewritten.
printf 'service  api { image "api:1" }\n' >target.ow
ln -s target.ow link.ow
"$whiskc" fmt -w link.ow || fail "fmt -w through a link failed"
[[ -L link.ow ]] || fail "fmt -w replaced the link link.ow with a file"
[[ "$(cat target.ow)" == $'service api {\n  image "api:1"\n}' ]] || fail "the link's target was not rewritten: $(cat target.ow)"
rm -f link.ow target.ow

# A second run changes nothing: --check lists nothing and exits 0.
"$whiskc" fmt --check messy.ow tidy.ow >out.txt || fail "fmt --check after fmt -w exits non-zero: $(cat out.txt)"

# Standard input to standard output, and --check on it.
[[ "$(printf 'service  api { image "api:1" }\n' | "$whiskc" fmt)" == $'service api {\n  image "api:1"\n}' ]] ||
  fail "fmt on standard input"
status=0
printf 'service  api { image "api:1" }\n' | "$whiskc" fmt --check >out.txt || status=$?
[[ $status == 1 && "$(cat out.txt)" == "<stdin>" ]] || fail "fmt --check on standard input: exit $status, $(cat out.txt)"

if ((failures)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "ok - fmt -w rewrote messy.ow (mode 640 kept), left tidy.ow and broken.ow alone, reported broken.ow; stdin works"
