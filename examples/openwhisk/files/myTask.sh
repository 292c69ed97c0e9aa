#!/bin/bash
# Installs the system packages into the whisk.system namespace: the API
# gateway's route management actions, the openwhisk-catalog packages and, when
# asked for, the alarm and kafka feed packages. Each project ships its own
# install script; this job fetches the sources at the deployed versions and runs
# them. They only create-or-update, so running the job again is safe.
# The job starts once the invoker and the gateway are ready; an error ends it
# with a non-zero status and Kubernetes runs it again.
set -euo pipefail

WSK=/usr/local/bin/wsk             # the CLI in the ow-utils image
export OPENWHISK_HOME=/openwhisk   # the install scripts look for things there
PROVIDER_DB_URL="$PROVIDER_DB_PROTOCOL://$PROVIDER_DB_USERNAME:$PROVIDER_DB_PASSWORD@$PROVIDER_DB_HOST:$PROVIDER_DB_PORT"

# fetch REPO REF DIR: apache/REPO at a tag or commit, without git history.
fetch() {
  mkdir -p "$3"
  curl --silent --show-error --fail --location "https://github.com/apache/$1/archive/$2.tar.gz" |
    tar -xz --strip-components=1 -C "$3"
  echo "install-packages: fetched $1 at $2"
}
wanted() { [[ ${1,,} == yes || ${1,,} == true ]]; }

# Route management: the actions behind `wsk api`, which talk to the gateway.
fetch openwhisk "$OW_GIT_TAG_OPENWHISK" "$OPENWHISK_HOME"
# The gateway wants no login. A blank, not empty, user and password stop the
# script from reading them from a whisk.properties file, which is not there.
export GW_USER=' ' GW_PWD=' ' GW_HOST_V2=$WHISK_API_GATEWAY_HOST_V2
cd "$OPENWHISK_HOME/ansible/roles/routemgmt/files"
# These are the first calls to the controller, which may still be waiting to
# hear from a healthy invoker: try a few times before giving up.
for try in 1 2 3 4 5 6; do
  ./installRouteMgmt.sh "$WHISK_AUTH" "$WHISK_API_HOST_URL" "$WHISK_SYSTEM_NAMESPACE" "$WSK" && break
  if (( try == 6 )); then echo "install-packages: routemgmt failed 6 times" >&2; exit 1; fi
  echo "install-packages: routemgmt failed, trying again in 10s"
  sleep 10
done

# The catalog: utils, samples, github, slack and websocket, deployed by
# `wsk project deploy` from each package's manifest.
fetch openwhisk-catalog "$OW_GIT_TAG_OPENWHISK_CATALOG" /openwhisk-catalog
/openwhisk-catalog/packages/installCatalogUsingWskdeploy.sh "$WHISK_AUTH" "$WHISK_API_HOST_URL" "$WSK"

# The providers' scripts run $OPENWHISK_HOME/bin/wsk, and switch on `set -x`,
# which would print the key and the database password into the job's log.
mkdir -p "$OPENWHISK_HOME/bin"
cp "$WSK" "$OPENWHISK_HOME/bin/wsk"
quiet() { sed -i 's/^set -x$//' "$@"; }

# Alarms: the feed actions; the alarm provider (worker0) fires the triggers
# and keeps them in its database, ${ALARM_DB_PREFIX}alarmservice.
if wanted "$OW_INSTALL_ALARM_PROVIDER"; then
  fetch openwhisk-package-alarms "$OW_GIT_TAG_OPENWHISK_PACKAGE_ALARMS" /openwhisk-package-alarms
  cd /openwhisk-package-alarms
  quiet installCatalog.sh
  # AUTH EDGEHOST APIHOST WORKERS DB_URL DB_PREFIX
  ./installCatalog.sh "$WHISK_AUTH" "$WHISK_API_HOST_URL" "$WHISK_API_HOST_URL" worker0 \
    "$PROVIDER_DB_URL" "$ALARM_DB_PREFIX"
fi

# Kafka: the `messaging` feed for Kafka topics (installKafka.sh) and for
# Message Hub (installCatalog.sh); triggers go in ${KAFKA_DB_PREFIX}ow_kafka_triggers.
if wanted "$OW_INSTALL_KAFKA_PROVIDER"; then
  fetch openwhisk-package-kafka "$OW_GIT_TAG_OPENWHISK_PACKAGE_KAFKA" /openwhisk-package-kafka
  cd /openwhisk-package-kafka
  quiet installKafka.sh installCatalog.sh
  # AUTH EDGEHOST DB_URL DB_PREFIX APIHOST
  for script in installKafka.sh installCatalog.sh; do
    ./$script "$WHISK_AUTH" "$WHISK_API_HOST_URL" "$PROVIDER_DB_URL" "$KAFKA_DB_PREFIX" "$WHISK_API_HOST_URL"
  done
fi

echo "install-packages: done"
