#!/bin/sh
# Writes the files deploy/nginx/vitrine.conf includes, from the environment. The official nginx image runs every
# executable /docker-entrypoint.d/*.sh before nginx starts (docker-compose.yml mounts this file there);
# tests/serving/test_nginx.py runs it with VITRINE_NGINX_GENERATED pointing at a folder of its own.
#
#   API_CORS_ORIGINS  comma-separated origins (https://www.vlaio.be) that get Access-Control-Allow-Origin on images
#   TRUSTED_PROXIES   comma-separated addresses or CIDR ranges of the proxy in front (the TLS terminator) whose
#                     X-Forwarded-For and X-Forwarded-Proto nginx believes; empty = nginx is the edge
set -eu
set -f  # no globbing of the values
out="${VITRINE_NGINX_GENERATED:-/etc/nginx/vitrine}"
mkdir -p "$out"

origins=""
proxies=""
old_ifs="$IFS"
IFS=','
for origin in ${API_CORS_ORIGINS:-}; do
    origin="$(printf '%s' "$origin" | tr -d ' \t')"
    [ -n "$origin" ] || continue
    if ! printf '%s' "$origin" | grep -Eq '^https?://[A-Za-z0-9.-]+(:[0-9]+)?$'; then
        echo "vitrine-env.sh: API_CORS_ORIGINS: '$origin' is not an origin such as https://www.vlaio.be" >&2
        exit 1
    fi
    origins="$origins    \"$origin\" \"$origin\";
"
done
for proxy in ${TRUSTED_PROXIES:-}; do
    proxy="$(printf '%s' "$proxy" | tr -d ' \t')"
    [ -n "$proxy" ] || continue
    if ! printf '%s' "$proxy" | grep -Eq '^[0-9A-Fa-f.:]+(/[0-9]+)?$'; then
        echo "vitrine-env.sh: TRUSTED_PROXIES: '$proxy' is not an address or CIDR range" >&2
        exit 1
    fi
    proxies="$proxies$proxy
"
done
IFS="$old_ifs"

printf '# From API_CORS_ORIGINS, written by vitrine-env.sh at start.\n%s' "$origins" >"$out/cors-origins.map"
{
    echo "# From TRUSTED_PROXIES, written by vitrine-env.sh at start."
    for proxy in $proxies; do echo "$proxy 1;"; done
} >"$out/trusted-proxies.geo"
{
    echo "# From TRUSTED_PROXIES, written by vitrine-env.sh at start."
    for proxy in $proxies; do echo "set_real_ip_from $proxy;"; done
} >"$out/real-ip.conf"

echo "vitrine-env.sh: $(printf '%s' "$origins" | grep -c . || true) CORS origin(s), $(printf '%s' "$proxies" | grep -c . || true) trusted proxy range(s)"
