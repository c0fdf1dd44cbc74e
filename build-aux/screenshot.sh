#!/usr/bin/env bash
# Makes the README's screenshot of the lesson after the exchange, under Xvfb.
#
#   build-aux/screenshot.sh [OUTPUT.png] [LANGUAGE] [WORKSPACE.png]
#
# Without arguments: data/screenshots/lesson.png (the lesson after the exchange) and
# data/screenshots/workspace.png (four panes and the port reference panel).
# Builds first (through dev.sh's build folder), then drives the real window with AT-SPI:
# Start Server, Connect, wait for "Thank you for connecting", capture.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
OUTPUT=${1:-$ROOT/data/screenshots/lesson.png}
LANGUAGE_ARG=${2:-}
WORKSPACE=${3:-}
if [[ $# -eq 0 ]]; then
  WORKSPACE=$ROOT/data/screenshots/workspace.png
fi

cd "$ROOT"
[[ -f build/build.ninja ]] || meson setup build
meson compile -C build

export GSETTINGS_SCHEMA_DIR=$ROOT/build/data
export GSETTINGS_BACKEND=memory
export GSK_RENDERER=cairo

mkdir -p "$(dirname "$OUTPUT")"
# 1366×768 is the screen the workspace is designed for (four panes side by side).
xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- \
  /usr/bin/python3 "$ROOT/build-aux/screenshot.py" "$ROOT/build/src/socket-playground" "$OUTPUT" \
  "$LANGUAGE_ARG" ${WORKSPACE:+"$WORKSPACE"}
echo "Wrote $OUTPUT${WORKSPACE:+ and $WORKSPACE}"
