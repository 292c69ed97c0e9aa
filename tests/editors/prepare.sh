# shellcheck shell=bash disable=SC2154  # root, work and whiskc come from the caller
# Shared by vim.sh and emacs.sh: sourced, not run, after tests/lib/shell_test.sh
# (which gives `$work` and `fail`), with `$root` the repository and `$whiskc` an
# absolute path. Writes into `$work`:
# - line-keywords.txt: the words of grammar/keywords.h, the declaration,
#   property and topology keywords that begin a line;
# - ok_*.ow: the outputs of whiskc fmt's golden cases (tests/golden/fmt), laid
#   out as whiskc fmt lays out files (but for `editor_skips`);
# - indent-files.txt, `BAD ORIGINAL` per line: a badly indented copy (every
#   line's indentation replaced by 0 to 6 spaces) of sample.ow, of every
#   example and stdlib file and of those golden outputs, beside the original;
# - broken.ow, a file with an error, a warning and a note; broken.out, what
#   `whiskc check` says of it; expected-qf.txt, its diagnostics as
#   `FILE|LINE|COL|TYPE|NUMBER|TEXT`, TYPE e, w or n and NUMBER the code's.

grep -oE '"[a-z_]+"' "$root/grammar/keywords.h" | tr -d '"' | sort -u >"$work/line-keywords.txt"

# Two layouts the editors' indenters do not reproduce, which `whiskc fmt` puts right: a
# block whose header spans lines (fmt indents it from the line the item began on), and a
# `{` or `else` kept off its line by a comment.
editor_skips=(ok_split_headers ok_comment_before_punctuation)
for file in "$root"/tests/golden/fmt/ok_*.txtar; do
  name=$(basename "$file" .txtar)
  [[ " ${editor_skips[*]} " == *" $name "* ]] && continue
  awk '/^-- stdout --$/ { out = 1; next } /^-- .* --$/ { out = 0 } out' "$file" >"$work/$name.ow"
  [[ -s $work/$name.ow ]] || rm "$work/$name.ow"
done

: >"$work/indent-files.txt"
n=0
for file in "$root/tests/editors/sample.ow" "$root"/examples/*/*.ow "$root"/stdlib/*.ow "$work"/ok_*.ow; do
  n=$((n + 1))
  awk '{ sub(/^[ \t]+/, ""); if ($0 == "") print ""; else printf "%" (NR * 5 % 7) "s%s\n", "", $0 }' \
    "$file" >"$work/bad-$n.ow"
  echo "$work/bad-$n.ow $file" >>"$work/indent-files.txt"
done

cat >"$work/broken.ow" <<'WHISK'
topology shop {
  namespace "shop"
}

service api {
  image "shop/api"
  replica 3
  port http 8080
  ready http "/health" on web
}
WHISK
status=0
(cd "$work" && "$whiskc" check --color=never broken.ow >broken.out 2>&1) || status=$?
if [[ $status != 1 ]]; then
  fail "whiskc check broken.ow exited $status, expected 1: $(cat "$work/broken.out")"
fi
sed -nE 's/^([^ ]+):([0-9]+):([0-9]+): (error|warning)\[[EW]0*([0-9]+)\]: (.*)$/\1|\2|\3|\4|\5|\6/p;
         s/^([^ ]+):([0-9]+):([0-9]+): note: (.*)$/\1|\2|\3|n|-1|\4/p' "$work/broken.out" |
  sed -E 's/\|error\|/|e|/; s/\|warning\|/|w|/' >"$work/expected-qf.txt"
for want in 'broken.ow|6|9|w|312|' 'broken.ow|7|3|e|105|' 'broken.ow|9|27|e|404|' 'broken.ow|8|8|n|-1|'; do
  grep -qF "$want" "$work/expected-qf.txt" || fail "whiskc's output has no diagnostic $want: $(cat "$work/broken.out")"
done
