#!/bin/bash
# Makes the self-signed certificate nginx serves for the API host and stores it
# as the kubernetes.io/tls Secret $NGINX_CERT_SECRET (keys tls.crt and tls.key).
# Runs once: the job's ServiceAccount may only get and create secrets, so a
# Secret that exists already (an earlier run's, or one put there by hand) stays.
# To renew the certificate, delete the Secret and run the job again.
set -euo pipefail

# kubectl (in the image) finds the API server and the token itself; the
# namespace is the one this pod runs in.
NAMESPACE=$(< /var/run/secrets/kubernetes.io/serviceaccount/namespace)
NAME=$WHISK_API_HOST_NAME

# --ignore-not-found: a missing Secret prints nothing, any other error fails.
if [[ -n $(kubectl get secret "$NGINX_CERT_SECRET" --namespace "$NAMESPACE" \
             --ignore-not-found --output name) ]]; then
  echo "gencerts: secret $NGINX_CERT_SECRET exists, keeping it"
  exit 0
fi

# Clients check the subjectAltName, not the common name: an IP address for an
# IP, else the name and its subdomains (the <namespace>.<host> vanity URLs).
if [[ $NAME =~ ^[0-9.]+$ || $NAME == *:* ]]; then
  SAN="IP:$NAME"
else
  SAN="DNS:$NAME,DNS:*.$NAME"
fi

DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
# 825 days: the longest validity some clients (Apple's) accept for a server
# certificate. -nodes: nginx must read the key without a passphrase.
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/O=OpenWhisk/CN=$NAME" \
  -keyout "$DIR/tls.key" -out "$DIR/tls.crt" -extensions san \
  -config <(printf '[req]\ndistinguished_name = dn\n[dn]\n[san]\nsubjectAltName = %s\n' "$SAN")

kubectl create secret tls "$NGINX_CERT_SECRET" --namespace "$NAMESPACE" \
  --cert "$DIR/tls.crt" --key "$DIR/tls.key"
echo "gencerts: created secret $NGINX_CERT_SECRET for $SAN"
