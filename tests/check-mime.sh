#!/usr/bin/env bash
# Usage: tests/check-mime.sh MIME_XML PLAYGROUND_FILE
#
# Installs the MIME package into a throw-away data folder and checks that GIO then calls
# a shipped playground file application/x-socket-playground, as a file manager would.

set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 MIME_XML PLAYGROUND_FILE" >&2
  exit 2
fi

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

mkdir -p "$data/mime/packages"
cp "$1" "$data/mime/packages/"
update-mime-database "$data/mime" >/dev/null 2>&1

type=$(XDG_DATA_HOME="$data" gio info -a standard::content-type "$2" | sed -n 's/^ *standard::content-type: //p')
if [[ $type != application/x-socket-playground ]]; then
  echo "FAIL: $2 is $type, not application/x-socket-playground" >&2
  exit 1
fi
echo "ok: $2 is $type"
