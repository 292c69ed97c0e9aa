#!/bin/bash
# Checks that install-packages did its work: the catalog's packages, and the
# alarm and kafka feeds when their providers are installed, are visible to the
# guest in /whisk.system. Needs WSK_AUTH, WSK_API_HOST_URL and
# OW_INSTALL_ALARM_PROVIDER / OW_INSTALL_KAFKA_PROVIDER (true or false).
set -euo pipefail

wsk() { command wsk -i --apihost "$WSK_API_HOST_URL" --auth "$WSK_AUTH" "$@"; }
expected=(utils samples websocket)
[[ "$OW_INSTALL_ALARM_PROVIDER" == true ]] && expected+=(alarms)
[[ "$OW_INSTALL_KAFKA_PROVIDER" == true ]] && expected+=(messaging)

packages=$(wsk package list /whisk.system)
missing=0
for package in "${expected[@]}"; do
  if grep -q "/whisk.system/$package " <<<"$packages"; then
    echo "found /whisk.system/$package"
  else
    echo "missing /whisk.system/$package" >&2
    missing=1
  fi
done
exit "$missing"
