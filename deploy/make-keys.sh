#!/bin/sh
# Writes the key and password files a deployment needs into DIR (default ./secrets):
#   gateway-private.pem / gateway-public.pem  Ed25519 pair: the gateway signs subgraph requests
#   <body>-service-private.pem / -public.pem  Ed25519 pair per body: its service identity (the
#                                             subgraph keeps the private key, the gateway the public)
#   db-password, <body>-database-url          for compose.yaml's PostgreSQL containers
# jwt-public.pem (the identity provider's token-signing public key) comes from the commission's
# identity provider and is copied in by hand. Existing files are kept.
set -eu
dir=${1:-secrets}
mkdir -p "$dir"
umask 077
[ -f "$dir/gateway-private.pem" ] || openssl genpkey -algorithm ed25519 -out "$dir/gateway-private.pem"
[ -f "$dir/gateway-public.pem" ] || openssl pkey -in "$dir/gateway-private.pem" -pubout -out "$dir/gateway-public.pem"
[ -f "$dir/db-password" ] || openssl rand -hex 24 > "$dir/db-password"
password=$(cat "$dir/db-password")
for body in inspection discipline stationed; do
  [ -f "$dir/$body-service-private.pem" ] || openssl genpkey -algorithm ed25519 -out "$dir/$body-service-private.pem"
  [ -f "$dir/$body-service-public.pem" ] || openssl pkey -in "$dir/$body-service-private.pem" -pubout -out "$dir/$body-service-public.pem"
  [ -f "$dir/$body-database-url" ] || printf 'postgres://hub:%s@%s-db:5432/%s\n' "$password" "$body" "$body" > "$dir/$body-database-url"
done
[ -f "$dir/jwt-public.pem" ] || echo "note: put the identity provider's token-signing public key in $dir/jwt-public.pem"
echo "keys in $dir"
