#!/bin/bash
# Health probe for containers (the image's HEALTHCHECK, deploy/compose.yaml): one HTTP GET on
# the loopback interface, healthy on status 200. Uses bash's /dev/tcp, so the image needs no
# HTTP client (and no TLS library) of its own.
#
#   meander-healthcheck [PORT] [PATH]      default: 8080 /healthz
set -euo pipefail
port=${1:-8080}
path=${2:-/healthz}
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
status=""
IFS= read -r -t 4 status <&3 || true
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "unhealthy: GET ${path} on port ${port} answered '${status%$'\r'}'" >&2; exit 1 ;;
esac
