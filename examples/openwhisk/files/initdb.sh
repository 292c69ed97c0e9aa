#!/bin/bash
# Prepares CouchDB for OpenWhisk, once: a single-node setup, the three whisk
# databases with the views the controller and invokers query, and the subjects
# (namespaces with their keys) of `guest` and `whisk.system`.
# The job starts once CouchDB answers. Any error fails the job, and Kubernetes
# runs it again: every step may be repeated safely.
set -euo pipefail

COUCH="$DB_PROTOCOL://$DB_HOST:$DB_PORT"
MARKER=ow_kube_couchdb_initialized_marker   # created last; other tools look for it
# The views come from the OpenWhisk sources at the commit the images are built from.
DESIGN_DOCS="https://raw.githubusercontent.com/apache/openwhisk/$OW_GIT_TAG_OPENWHISK/ansible/files"

die() { echo "initdb: $*" >&2; exit 1; }

# couch METHOD PATH [curl options]: an admin request; fails on an HTTP error.
couch() {
  local method=$1 path=$2
  shift 2
  curl --silent --show-error --fail -u "$COUCHDB_USER:$COUCHDB_PASSWORD" \
       -X "$method" -H 'Content-Type: application/json' "$@" "$COUCH/$path"
}
# status PATH: the HTTP status of a HEAD request (200 exists, 404 missing).
status() {
  curl --silent --head --output /dev/null --write-out '%{http_code}' \
       -u "$COUCHDB_USER:$COUCHDB_PASSWORD" "$COUCH/$1"
}

code=$(status "$MARKER")
case $code in
  200) echo "initdb: CouchDB is already initialised"; exit 0 ;;
  404) ;;
  *) die "HEAD $COUCH/$MARKER answered $code (000: no connection, 401: wrong login)" ;;
esac

# Each key is UUID:KEY, and two subjects must never share one.
GUEST_KEY=$(< /etc/whisk-auth/guest)
SYSTEM_KEY=$(< /etc/whisk-auth/system)
for key in "$GUEST_KEY" "$SYSTEM_KEY"; do
  [[ $key =~ ^[^:]+:[^:]+$ ]] || die "a key in /etc/whisk-auth is not of the form UUID:KEY"
done
[[ $GUEST_KEY != "$SYSTEM_KEY" ]] || die "guest and whisk.system must have different keys"

# One node: n=1 and the system databases (_users, _replicator, _global_changes).
# CouchDB 2.x fails this request unless it names a bind address.
couch POST _cluster_setup -d '{"action": "enable_single_node", "bind_address": "0.0.0.0"}' > /dev/null
# OpenWhisk's views reduce to more than CouchDB allows by default. (_local is
# the node that answers, so the node name, NODENAME, is not needed.)
couch PUT _node/_local/_config/query_server_config/reduce_limit -d '"false"' > /dev/null

# put_doc DB: create, or update in place, the JSON document on stdin.
put_doc() {
  local doc rev
  doc=$(cat)
  rev=$(couch GET "$1/$(jq -r ._id <<< "$doc")" 2> /dev/null | jq -r ._rev) || rev=""
  jq --arg rev "$rev" 'if $rev == "" then . else ._rev = $rev end' <<< "$doc" |
    couch POST "$1" -d @- > /dev/null
}

# make_db NAME DESIGN_FILE...: the database, open to server admins only (every
# component logs in as the admin), with its design documents.
make_db() {
  local db=$DB_PREFIX$1 file
  shift
  [[ $(status "$db") == 200 ]] || couch PUT "$db" > /dev/null
  couch PUT "$db/_security" > /dev/null \
    -d '{"admins": {"names": [], "roles": []}, "members": {"names": [], "roles": ["_admin"]}}'
  for file in "$@"; do
    curl --silent --show-error --fail --location "$DESIGN_DOCS/$file" | put_doc "$db"
  done
  echo "initdb: $db ready"
}

make_db subjects auth_design_document_for_subjects_db_v2.0.0.json \
  filter_design_document.json namespace_throttlings_design_document_for_subjects_db.json
make_db whisks whisks_design_document_for_entities_db_v2.1.0.json filter_design_document.json
make_db activations whisks_design_document_for_activations_db_v2.1.0.json \
  whisks_design_document_for_activations_db_filters_v2.1.1.json filter_design_document.json \
  activations_design_document_for_activations_db.json logCleanup_design_document_for_activations_db.json

# add_subject NAME UUID:KEY: a subject owning one namespace of the same name.
add_subject() {
  jq -n --arg s "$1" --arg uuid "${2%%:*}" --arg key "${2#*:}" \
    '{_id: $s, subject: $s, namespaces: [{name: $s, uuid: $uuid, key: $key}]}' |
    put_doc "${DB_PREFIX}subjects"
}
add_subject guest "$GUEST_KEY"
add_subject whisk.system "$SYSTEM_KEY"

couch PUT "$MARKER" > /dev/null
echo "initdb: CouchDB is initialised for OpenWhisk"
