#!/bin/bash
# Smoke test: as the guest, create a hello-world action, invoke it blocking
# and check its answer, then remove it. Needs WSK_AUTH and WSK_API_HOST_URL.
set -euo pipefail

wsk() { command wsk -i --apihost "$WSK_API_HOST_URL" --auth "$WSK_AUTH" "$@"; }
name="smoketest-$RANDOM"
trap 'wsk action delete "$name" >/dev/null 2>&1 || true' EXIT

cat > /tmp/hello.js <<'JS'
function main(params) { return { greeting: "Hello, " + (params.name || "world") + "!" }; }
JS
wsk action create "$name" /tmp/hello.js --kind nodejs:default
answer=$(wsk action invoke "$name" --blocking --result --param name whisk)
echo "$answer"
grep -q '"Hello, whisk!"' <<<"$answer" || { echo "smoketest: unexpected answer" >&2; exit 1; }
echo "smoketest: passed"
